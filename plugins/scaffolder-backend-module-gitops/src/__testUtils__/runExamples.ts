import { parse } from 'yaml';
import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

/** The steps of an action's examples that call that action, with their input. */
export function exampleSteps(examples: TemplateExample[], actionId: string) {
  return examples.flatMap(example =>
    (parse(example.example).steps as Array<{ action: string; input: any }>)
      .filter(step => step.action === actionId)
      .map(step => ({ description: example.description, input: step.input })),
  );
}
