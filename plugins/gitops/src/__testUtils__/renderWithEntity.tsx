import type { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { ReactElement } from 'react';
import { gitopsApiRef, type GitOpsApi } from '../api/GitOpsApi';
import { annotatedEntity } from './fixtures';

/** Renders an entity-page component in a test app, with the entity route mounted. */
export function renderWithEntity(
  element: ReactElement,
  options: { api: GitOpsApi; entity?: Entity; apis?: any[] },
) {
  return renderInTestApp(
    <EntityProvider entity={options.entity ?? annotatedEntity}>
      {element}
    </EntityProvider>,
    {
      apis: [[gitopsApiRef, options.api], ...(options.apis ?? [])] as any,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}
