/**
 * Types, permissions, annotation keys and pure functions shared by the
 * GitOps Console frontend and backend plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './health';
export * from './permissions';
export * from './model';
export * from './api';
export * from './actions';
export * from './ledger';
export * from './metrics';
export * from './renderInputs';
export * from './redaction';
