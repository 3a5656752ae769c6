// Does every runtime dependency run on the Node versions package.json declares? (ldapts 9 did not.)
import semver from 'semver';

/**
 * Runtime (non-dev) packages in the lock whose `engines.node` does not cover every Node version the
 * app declares, and whether the running Node is inside the declared range at all.
 */
export function engineMismatches(pkg, lock, nodeVersion = process.version) {
  const declared = pkg.engines?.node;
  if (declared === undefined) return [`package.json declares no engines.node`];
  const problems = [];
  if (!semver.satisfies(nodeVersion, declared)) problems.push(`this machine runs Node ${nodeVersion}, outside the declared ${declared}`);
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    const wants = entry.engines?.node;
    if (path === '' || entry.dev === true || wants === undefined) continue;
    if (!semver.subset(declared, wants)) {
      problems.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version} needs Node ${wants}, but package.json declares ${declared}`);
    }
  }
  return problems;
}

/** Build and test tools that need a newer Node than the one running: reported, since they never ship. */
export function devEngineNotes(lock, nodeVersion = process.version) {
  return Object.entries(lock.packages ?? {})
    .filter(([path, entry]) => path !== '' && entry.dev === true && entry.engines?.node !== undefined && !semver.satisfies(nodeVersion, entry.engines.node))
    .map(([path, entry]) => `${path.replace(/^.*node_modules\//, '')}@${entry.version} (dev) asks for Node ${entry.engines.node}`);
}
