/**
 * A state machine ARN with a qualifier: `<machine ARN>:<n>` names version n, `<machine ARN>:<name>`
 * an alias. An unqualified ARN (`arn:<partition>:states:<region>:<account>:stateMachine:<name>`)
 * has seven colon-separated parts; a qualified one has eight.
 */
export type StateMachineReference =
  | { readonly kind: 'machine'; readonly machineArn: string }
  | { readonly kind: 'version'; readonly machineArn: string; readonly version: number }
  | { readonly kind: 'alias'; readonly machineArn: string; readonly alias: string };

const MACHINE_PARTS = 7;

export function parseStateMachineReference(arn: string): StateMachineReference {
  const parts = arn.split(':');
  if (parts.length !== MACHINE_PARTS + 1 || parts[5] !== 'stateMachine') {
    return { kind: 'machine', machineArn: arn };
  }
  const machineArn = parts.slice(0, MACHINE_PARTS).join(':');
  const qualifier = parts[MACHINE_PARTS];
  return /^[1-9]\d*$/.test(qualifier)
    ? { kind: 'version', machineArn, version: Number(qualifier) }
    : { kind: 'alias', machineArn, alias: qualifier };
}

export const versionArnOf = (machineArn: string, version: number) => `${machineArn}:${version}`;
export const aliasArnOf = (machineArn: string, alias: string) => `${machineArn}:${alias}`;
