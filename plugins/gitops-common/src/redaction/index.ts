export { isSecretParameterName, redactText, redactUrl } from './redactUrl';
export { redactValue } from './redactValue';
