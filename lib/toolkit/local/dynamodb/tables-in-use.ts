import type { LocalApp } from '../local-app';

/**
 * The app's tables that something of the app can reach: those whose name appears in a state
 * machine's definition (a DynamoDB task, a table name passed to a function) or in a function's
 * environment (how a CDK app hands a function its table). `run` starts DynamoDB Local only for
 * these; `start` serves every table, for clients of its own. A name that merely looks alike starts
 * DynamoDB Local needlessly, never the reverse.
 */
export function tablesInUse(
  app: Pick<LocalApp, 'tables' | 'stateMachines' | 'functions'>,
): LocalApp['tables'] {
  if (app.tables.length === 0) return [];
  const texts = [
    ...app.stateMachines.map((machine) => JSON.stringify(machine.definition)),
    ...app.functions.flatMap((fn) => Object.values(fn.environment)),
  ];
  return app.tables.filter((table) => texts.some((text) => text.includes(table.name)));
}
