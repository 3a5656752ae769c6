// electron-builder hook: the fuses are set in electron-builder.yml (electronFuses); this checks
// the packaged app has no development leftovers before it becomes an installer.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

exports.default = async function afterPack(context) {
  const resources = join(context.appOutDir, context.packager.platform.name === 'mac' ? 'Contents/Resources' : 'resources');
  if (existsSync(join(resources, 'app'))) {
    throw new Error('the app was packaged unpacked; onlyLoadAppFromAsar needs app.asar');
  }
};
