import { TaskFailure, TaskInvocation } from '../../asl/engine';
import type { ServiceIntegrationResource } from '../../asl/model';
import { EventBusRecorder, EventsValidationError } from './event-bus-recorder';
import { optimizedFlavour, sdkFlavour } from './sdk-metadata';

/** Both integrations (`events:putEvents`, `aws-sdk:eventbridge:putEvents`) have PutEvents. */
export function isEventsAction(resource: ServiceIntegrationResource): boolean {
  const service = resource.sdk ? 'eventbridge' : 'events';
  return resource.service === service && resource.action === 'putEvents';
}

const OPTIMIZED = optimizedFlavour('EventBridge', 'EventBridge');
const SDK = sdkFlavour('EventBridge');

/**
 * Serves PutEvents against the recorded buses. The optimized integration writes a Detail given as
 * JSON as its text, adds the state machine's and the execution's ARNs to each entry's Resources,
 * and fails with `EventBridge.FailedEntry` (the answer as the cause) when any entry failed; the
 * AWS SDK one returns the answer as PutEvents gives it, failed entries included.
 */
export function callEvents(
  events: EventBusRecorder,
  task: TaskInvocation,
  resource: ServiceIntegrationResource,
): unknown {
  const request = (task.input ?? {}) as Record<string, unknown>;
  try {
    if (resource.sdk) return events.putEvents(request);
    const result = events.putEvents(optimizedRequest(request, task));
    if (result.FailedEntryCount > 0) throw new TaskFailure('EventBridge.FailedEntry', JSON.stringify(result));
    return result;
  } catch (error) {
    if (!(error instanceof EventsValidationError)) throw error;
    const flavour = resource.sdk ? SDK : OPTIMIZED;
    throw new TaskFailure(`${flavour.prefix}.${flavour.unmodeled}`, flavour.cause(error.message, error.type));
  }
}

function optimizedRequest(request: Record<string, unknown>, task: TaskInvocation): Record<string, unknown> {
  if (!Array.isArray(request.Entries)) return request;
  const arns = [task.context?.StateMachine?.Id, task.context?.Execution?.Id].filter(
    (arn): arn is string => typeof arn === 'string',
  );
  const entries = request.Entries.map((entry: unknown) => {
    if (entry === null || typeof entry !== 'object') return entry;
    const { Detail, Resources } = entry as Record<string, unknown>;
    return {
      ...entry,
      ...(Detail !== null && typeof Detail === 'object' ? { Detail: JSON.stringify(Detail) } : {}),
      Resources: [...(Array.isArray(Resources) ? Resources : []), ...arns],
    };
  });
  return { ...request, Entries: entries };
}
