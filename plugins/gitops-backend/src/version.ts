import packageJson from '../package.json';

/** The version of this plugin package, reported by `/health`. */
export const PLUGIN_VERSION: string = packageJson.version;
