import { useApi } from '@backstage/core-plugin-api';
import type {
  ActionPreviewRequest,
  ActionPreviewResponse,
  ActionRecordResponse,
} from '@gitops-console/plugin-gitops-common';
import { useCallback, useRef, useState } from 'react';
import { gitopsApiRef } from '../../api/GitOpsApi';

export interface ActionFlow {
  preview?: ActionPreviewResponse;
  previewError?: Error;
  previewing: boolean;
  record?: ActionRecordResponse;
  submitError?: Error;
  submitting: boolean;
  runPreview: () => void;
  submit: (reason: string) => void;
  /** Forgets the preview and errors, e.g. when the target changes. */
  reset: () => void;
}

/**
 * Preview, then create, one action: the create sends the preview's
 * `expectedHead`, so a path that moved meanwhile is refused (409) rather
 * than rolled back blind. Answers of an earlier request are dropped.
 */
export function useActionFlow(
  entityRef: string,
  request: ActionPreviewRequest | undefined,
  /** Called once an action was asked for (new or the open one answered). */
  onAsked?: () => void,
): ActionFlow {
  const api = useApi(gitopsApiRef);
  const [preview, setPreview] = useState<ActionPreviewResponse>();
  const [previewError, setPreviewError] = useState<Error>();
  const [previewing, setPreviewing] = useState(false);
  const [record, setRecord] = useState<ActionRecordResponse>();
  const [submitError, setSubmitError] = useState<Error>();
  const [submitting, setSubmitting] = useState(false);
  const generation = useRef(0);

  const reset = useCallback(() => {
    generation.current++;
    setPreview(undefined);
    setPreviewError(undefined);
    setSubmitError(undefined);
    setPreviewing(false);
  }, []);

  const runPreview = () => {
    if (!request) return;
    const n = ++generation.current;
    setPreviewing(true);
    setPreviewError(undefined);
    setSubmitError(undefined);
    api.previewAction(entityRef, request).then(
      value => {
        if (n !== generation.current) return;
        setPreview(value);
        setPreviewing(false);
      },
      error => {
        if (n !== generation.current) return;
        setPreview(undefined);
        setPreviewError(error);
        setPreviewing(false);
      },
    );
  };

  const submit = (reason: string) => {
    if (!request || !preview || submitting) return;
    const n = generation.current;
    setSubmitting(true);
    setSubmitError(undefined);
    api
      .createAction(entityRef, {
        ...request,
        reason: reason.trim() || undefined,
        expectedHead: preview.expectedHead,
      })
      .then(
        value => {
          onAsked?.();
          if (n === generation.current) setRecord(value);
        },
        error => n === generation.current && setSubmitError(error),
      )
      .finally(() => setSubmitting(false));
  };

  return {
    preview,
    previewError,
    previewing,
    record,
    submitError,
    submitting,
    runPreview,
    submit,
    reset,
  };
}
