import { tablesInUse } from '../../../../../lib/toolkit/local/dynamodb/tables-in-use';
import type { LocalApp } from '../../../../../lib/toolkit/local/local-app';

type AppParts = Pick<LocalApp, 'tables' | 'stateMachines' | 'functions'>;

const table = (name: string) => ({ logicalId: `${name}Table`, name, createTable: { TableName: name } });
const machine = (definition: Record<string, unknown>) => ({ definition });
const fn = (environment: Record<string, string>) => ({ environment });
const app = (parts: { tables?: unknown[]; stateMachines?: unknown[]; functions?: unknown[] }) =>
  ({ tables: [], stateMachines: [], functions: [], ...parts }) as unknown as AppParts;

describe('tablesInUse (when `run` starts DynamoDB Local)', () => {
  it('is none for an app without tables', () => {
    expect(tablesInUse(app({ functions: [fn({ TABLE: 'Orders' })] }))).toEqual([]);
  });

  it('is none when nothing names the tables', () => {
    const parts = app({
      tables: [table('Orders')],
      stateMachines: [machine({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } })],
      functions: [fn({ POWERTOOLS_SERVICE_NAME: 'shipping' })],
    });
    expect(tablesInUse(parts)).toEqual([]);
  });

  it('has a table a DynamoDB task of a definition names', () => {
    const task = {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:putItem',
      Parameters: { TableName: 'Orders' },
      End: true,
    };
    const parts = app({
      tables: [table('Orders'), table('Audit')],
      stateMachines: [machine({ StartAt: 'Put', States: { Put: task } })],
    });
    expect(tablesInUse(parts).map((t) => t.name)).toEqual(['Orders']);
  });

  it('has a table a function gets in its environment (as a CDK app passes it)', () => {
    const parts = app({ tables: [table('Inventory')], functions: [fn({ INVENTORY_TABLE: 'Inventory' })] });
    expect(tablesInUse(parts).map((t) => t.name)).toEqual(['Inventory']);
  });
});
