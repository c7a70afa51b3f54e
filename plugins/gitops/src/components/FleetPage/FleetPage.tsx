import { Content, Header, Page } from '@backstage/core-components';
import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import { FleetPageContent } from './FleetPageContent';

/**
 * The fleet page at `/gitops` for the new frontend system, which draws the
 * page header itself.
 */
export function FleetPage() {
  return (
    <ReactRouterV6PageRouter>
      <Content>
        <FleetPageContent />
      </Content>
    </ReactRouterV6PageRouter>
  );
}

/**
 * The fleet page for the legacy frontend system, with its own header.
 *
 * @public
 */
export function LegacyFleetPage() {
  return (
    <Page themeId="tool">
      <Header
        title="GitOps"
        subtitle="Every deployment, its drift and health, across clusters"
      />
      <Content>
        <FleetPageContent />
      </Content>
    </Page>
  );
}
