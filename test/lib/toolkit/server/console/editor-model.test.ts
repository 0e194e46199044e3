/**
 * The editor's model (lib/toolkit/server/console/editor): the graphical edits as pure functions on
 * ASL JSON, the undo history, diagnostics placed on states, and what "take it home" downloads.
 */
import {
  addBranch,
  addState,
  allStates,
  appendItem,
  aslFileName,
  cdkSnippet,
  choiceRuleTemplate,
  connect,
  deleteState,
  EditHistory,
  emptyDefinition,
  JsonObject,
  placeDiagnostics,
  removeItem,
  renameState,
  runnable,
  setField,
  setItemField,
  setRuleCondition,
  stateOfLocation,
  transitionsOf,
} from '../../../../../lib/toolkit/server/console/editor';

/** Task → Choice (rule → Done, Default → Oops); Task catches into Oops. */
function sample(): JsonObject {
  return {
    StartAt: 'Check',
    States: {
      Check: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Next: 'Decide',
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Oops' }],
      },
      Decide: {
        Type: 'Choice',
        Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Done' }],
        Default: 'Oops',
      },
      Done: { Type: 'Succeed' },
      Oops: { Type: 'Fail', Error: 'Oops' },
    },
  };
}

const states = (d: JsonObject) => d.States as Record<string, JsonObject>;

describe('the editor’s model', () => {
  it('adds the first state of an empty workflow as its StartAt, ending it', () => {
    const { definition, path } = addState(emptyDefinition(), 'Task', { top: true });
    expect(path).toBe('/States/Task');
    expect(definition.StartAt).toBe('Task');
    expect(states(definition).Task).toMatchObject({ Type: 'Task', End: true });
  });

  it('adds a state after another, taking over its Next; after a Choice, as a new rule', () => {
    const original = sample();
    const after = addState(original, 'Wait', { after: '/States/Check' });
    expect(states(after.definition).Check.Next).toBe('Wait');
    expect(states(after.definition).Wait).toEqual({ Type: 'Wait', Seconds: 1, Next: 'Decide' });
    expect(states(original).Check.Next).toBe('Decide'); // never changed in place

    const rule = addState(sample(), 'Pass', { after: '/States/Decide' });
    expect(states(rule.definition).Decide.Choices).toEqual([
      { Variable: '$.ok', BooleanEquals: true, Next: 'Done' },
      { Variable: '$.ok', BooleanEquals: true, Next: 'Pass' },
    ]);
    expect(states(rule.definition).Pass).toEqual({ Type: 'Pass', End: true });
    expect(() => addState(sample(), 'Pass', { after: '/States/Done' })).toThrow(/ends its branch/);
  });

  it('names new states uniquely in the whole machine, nested scopes included', () => {
    let d = addState(sample(), 'Parallel', { after: '/States/Check' }).definition;
    expect(allStates(d).map((s) => s.path)).toContain('/States/Parallel/Branches[0]/States/Pass');
    d = addBranch(d, '/States/Parallel').definition;
    d = addState(d, 'Pass', { after: '/States/Check' }).definition;
    expect(allStates(d).map((s) => s.name)).toEqual(
      expect.arrayContaining(['Pass', 'Pass 2', 'Pass 3', 'Parallel']),
    );
  });

  it('adds into a branch or an item processor at its start, going on to the old first state', () => {
    const map = addState(sample(), 'Map', { after: '/States/Check' }).definition;
    const { definition, path } = addState(map, 'Wait', { into: '/States/Map/ItemProcessor' });
    expect(path).toBe('/States/Map/ItemProcessor/States/Wait');
    const processor = states(definition).Map.ItemProcessor as JsonObject;
    expect(processor.StartAt).toBe('Wait');
    expect((processor.States as Record<string, JsonObject>).Wait.Next).toBe('Pass');
  });

  it('renames a state and every transition to it, in place in the order of the states', () => {
    const { definition, path } = renameState(sample(), '/States/Oops', 'Out of luck');
    expect(path).toBe('/States/Out of luck');
    expect(Object.keys(states(definition))).toEqual(['Check', 'Decide', 'Done', 'Out of luck']);
    expect(states(definition).Decide.Default).toBe('Out of luck');
    expect(states(definition).Check.Catch).toEqual([{ ErrorEquals: ['States.ALL'], Next: 'Out of luck' }]);
    expect(renameState(sample(), '/States/Check', 'First').definition.StartAt).toBe('First');
    expect(() => renameState(sample(), '/States/Check', 'Done')).toThrow(/already exists/);
    expect(() => renameState(sample(), '/States/Check', ' ')).toThrow(/needs a name/);
  });

  it('deletes a state: a Next to it goes where it went, a rule, Default or Catch to it goes', () => {
    const withWait = addState(sample(), 'Wait', { after: '/States/Check' }).definition;
    const gone = deleteState(withWait, '/States/Wait').definition;
    expect(states(gone).Check.Next).toBe('Decide');
    const noOops = deleteState(sample(), '/States/Oops').definition;
    expect(states(noOops).Decide.Default).toBeUndefined();
    expect(states(noOops).Check.Catch).toBeUndefined();
    const noDone = deleteState(sample(), '/States/Done').definition;
    expect(states(noDone).Decide.Choices).toEqual([]);
    const first = deleteState(sample(), '/States/Check');
    expect(first.definition.StartAt).toBe('Decide');
    expect(first.path).toBe('/States/Decide');
  });

  it('connects each kind of transition by its target, or ends it', () => {
    let d = connect(sample(), '/States/Check', { kind: 'next' }, 'Done').definition;
    expect(states(d).Check.Next).toBe('Done');
    d = connect(d, '/States/Check', { kind: 'next' }, undefined).definition;
    expect(states(d).Check).toMatchObject({ End: true });
    expect(states(d).Check.Next).toBeUndefined();
    d = connect(d, '/States/Decide', { kind: 'choice', index: 0 }, 'Oops').definition;
    d = connect(d, '/States/Decide', { kind: 'default' }, undefined).definition;
    d = connect(d, '/States/Check', { kind: 'catch', index: 0 }, 'Done').definition;
    expect(transitionsOf(states(d).Decide)).toEqual([
      { transition: { kind: 'choice', index: 0 }, target: 'Oops' },
      { transition: { kind: 'default' }, target: undefined },
    ]);
    expect(transitionsOf(states(d).Check)).toEqual([
      { transition: { kind: 'next' }, target: undefined },
      { transition: { kind: 'catch', index: 0 }, target: 'Done' },
    ]);
    expect(() => connect(sample(), '/States/Decide', { kind: 'choice', index: 3 }, 'Done')).toThrow(
      /Choice rule 4 does not exist/,
    );
  });

  it('edits fields and list items: Retry, Catch and Choice rules', () => {
    let d = setField(sample(), '/States/Check', 'TimeoutSeconds', 5).definition;
    d = appendItem(d, '/States/Check', 'Retry', { ErrorEquals: ['States.ALL'], MaxAttempts: 3 }).definition;
    d = setItemField(d, '/States/Check', { list: 'Retry', index: 0 }, 'MaxAttempts', 1).definition;
    expect(states(d).Check).toMatchObject({
      TimeoutSeconds: 5,
      Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 1 }],
    });
    d = removeItem(d, '/States/Check', 'Retry', 0).definition;
    expect(states(d).Check.Retry).toBeUndefined();
    d = appendItem(d, '/States/Decide', 'Choices', choiceRuleTemplate('JSONata')).definition;
    expect((states(d).Decide.Choices as JsonObject[])[1]).toEqual({
      Condition: '{% $states.input.ok = true %}',
    });
    d = setRuleCondition(d, '/States/Decide', 0, {
      Variable: '$.n',
      NumericGreaterThan: 1,
      Next: 'Oops',
    }).definition;
    expect((states(d).Decide.Choices as JsonObject[])[0]).toEqual({
      Variable: '$.n',
      NumericGreaterThan: 1,
      Next: 'Done',
    });
    d = setField(d, '/States/Check', 'TimeoutSeconds', undefined).definition;
    expect(states(d).Check.TimeoutSeconds).toBeUndefined();
  });

  it('writes new states in JSONata when the workflow is', () => {
    const jsonata = { ...emptyDefinition(), QueryLanguage: 'JSONata' };
    const { definition } = addState(jsonata, 'Task', { top: true });
    expect(states(definition).Task).toMatchObject({ Arguments: { Payload: '{% $states.input %}' } });
    expect(states(definition).Task.Parameters).toBeUndefined();
  });

  it('undoes and redoes, coalescing typing into one step, dropping redo after a new edit', () => {
    const history = new EditHistory('a');
    history.push('ab');
    history.push('abc', true);
    expect(history.undo()).toBe('a');
    expect(history.redo()).toBe('abc');
    history.undo();
    history.push('x');
    expect(history.canRedo).toBe(false);
    expect(history.undo()).toBe('a');
    expect(history.undo()).toBeUndefined();
  });

  it('places diagnostics on the state their location is in, nested states included', () => {
    const d = addState(sample(), 'Parallel', { after: '/States/Check' }).definition;
    const all = allStates(d);
    expect(stateOfLocation(all, '/States/Parallel/Branches[0]/States/Pass/Next')).toBe(
      '/States/Parallel/Branches[0]/States/Pass',
    );
    expect(stateOfLocation(all, '/States/Parallel/Branches')).toBe('/States/Parallel');
    expect(stateOfLocation(all, '/StartAt')).toBeUndefined();
    const error = {
      severity: 'ERROR' as const,
      code: 'MISSING_TRANSITION_TARGET',
      message: 'x',
      location: '/States/Check/Next',
    };
    const general = { severity: 'ERROR' as const, code: 'SCHEMA_VALIDATION_FAILED', message: 'y' };
    const placed = placeDiagnostics(d, [error, general]);
    expect(placed.byState.get('/States/Check')).toEqual([error]);
    expect(placed.general).toEqual([general]);
    expect(runnable([error])).toBe(false);
    expect(runnable([{ ...error, severity: 'WARNING' }])).toBe(true);
  });

  it('names the downloads after the workflow and loads the ASL file in the CDK snippet', () => {
    expect(aslFileName('Order checkout')).toBe('order-checkout.asl.json');
    expect(aslFileName('EditorDemo')).toBe('editor-demo.asl.json');
    expect(aslFileName('  ')).toBe('workflow.asl.json');
    const snippet = cdkSnippet('Order checkout', 'EXPRESS');
    expect(snippet).toContain(`sfn.DefinitionBody.fromFile(path.join(__dirname, 'order-checkout.asl.json'))`);
    expect(snippet).toContain("new sfn.StateMachine(scope, 'OrderCheckout'");
    expect(snippet).toContain('sfn.StateMachineType.EXPRESS');
  });
});
