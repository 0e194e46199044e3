/**
 * What the editor's "take it home" buttons download: the ASL JSON file, and a CDK snippet that
 * loads it into a StateMachine with `DefinitionBody.fromFile`, so the workflow designed here goes
 * into an app as it is.
 */

/** A file name for the workflow: `order-checkout.asl.json` from `Order checkout`. */
export function aslFileName(name: string): string {
  const base = name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${base || 'workflow'}.asl.json`;
}

/** A construct id in PascalCase: `OrderCheckout`. */
export function constructId(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const id = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return /^[A-Za-z]/.test(id) ? id : `Workflow${id}`;
}

/** A TypeScript CDK snippet that loads the downloaded file into a Standard or Express state machine. */
export function cdkSnippet(name: string, type: 'STANDARD' | 'EXPRESS'): string {
  const id = constructId(name);
  const file = aslFileName(name);
  return [
    `import * as path from 'node:path';`,
    `import * as sfn from 'aws-cdk-lib/aws-stepfunctions';`,
    `import { Construct } from 'constructs';`,
    ``,
    `/** ${name}: the workflow designed in the local console's editor, loaded from ${file}. */`,
    `export function add${id}(scope: Construct): sfn.StateMachine {`,
    `  return new sfn.StateMachine(scope, '${id}', {`,
    `    definitionBody: sfn.DefinitionBody.fromFile(path.join(__dirname, '${file}')),`,
    `    stateMachineType: sfn.StateMachineType.${type},`,
    `  });`,
    `}`,
    ``,
  ].join('\n');
}
