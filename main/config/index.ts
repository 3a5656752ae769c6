export { loadSettings, settingsPath, SETTINGS_ENV, type LoadedSettings } from './load';
export { loadProfile, saveProfileFile, profilePath, type UserProfile, type LoadedProfile } from './profile';
export { Settings, LiveSettings, DEFAULT_SETTINGS, BarsSettings, SANDBOX_CIS2_DEFAULTS, type Cis2Settings, type Interactions, type OrgRecordSettings } from './settings-schema';
export { resolveSecret, type SafeSecretReader } from './secrets';
export { defaultDataDir, DATA_DIR_ENV } from './data-dir';
export { ensurePrivateDir } from './private-dir';
export { settingsFileProblems, unreadableFileReason } from './file-checks';
