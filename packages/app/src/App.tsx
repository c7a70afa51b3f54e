import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import gitopsPlugin from '@gitops-console/plugin-gitops';
import { navModule } from './modules/nav';

/**
 * The demo app on the new frontend system. Other plugins in package.json are
 * discovered through `app.packages: all` in app-config.yaml.
 */
export default createApp({
  features: [catalogPlugin, scaffolderPlugin, gitopsPlugin, navModule],
});
