/** What the build puts into the application (web/vite.config.ts `define`). */
interface ImportMetaEnv {
  /** The version of Utfall (package.json); absent outside a Vite build, e.g. in unit tests. */
  readonly UTFALL_VERSION?: string;
}
