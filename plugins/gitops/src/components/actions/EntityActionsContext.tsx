import type { ActionPermissionsResponse } from '@gitops-console/plugin-gitops-common';
import {
  createContext,
  useCallback,
  useContext,
  useState,
  type ReactNode,
} from 'react';
import { useActionPermissions } from '../../hooks/useActionPermissions';

/** What the action buttons of one entity page share. */
export interface EntityActionsValue {
  entityRef: string;
  /** The entity's signals channel, from its deployments answer. */
  signalChannel?: string;
  permissions?: ActionPermissionsResponse;
  permissionsError?: Error;
  /** Bumped when this page asked for an action, so the list shows it at once. */
  actionsVersion: number;
  actionAsked: () => void;
}

const Context = createContext<EntityActionsValue | undefined>(undefined);

/**
 * Asks the entity's action permissions once for the whole tab. Outside it
 * (another page reusing the history list), no action button shows.
 */
export function EntityActionsProvider(props: {
  entityRef: string;
  signalChannel?: string;
  children: ReactNode;
}) {
  const { value, error } = useActionPermissions(props.entityRef);
  const [actionsVersion, setVersion] = useState(0);
  const actionAsked = useCallback(() => setVersion(v => v + 1), []);
  return (
    <Context.Provider
      value={{
        entityRef: props.entityRef,
        signalChannel: props.signalChannel,
        permissions: value,
        permissionsError: error,
        actionsVersion,
        actionAsked,
      }}
    >
      {props.children}
    </Context.Provider>
  );
}

export function useEntityActionsContext(): EntityActionsValue | undefined {
  return useContext(Context);
}
