import { CfnTemplate, LocalEnvironment, TemplateResolver } from '../template-resolver';

/** An event bus of the app (or the account's `default` one), as the local EventBridge knows it. */
export interface LocalEventBus {
  readonly name: string;
  readonly arn: string;
  /** Absent for the `default` bus, which every account has without a template declaring it. */
  readonly logicalId?: string;
}

/** Every AWS::Events::EventBus of a template, by its resolved name and ARN. */
export function eventBusesOfTemplate(
  template: CfnTemplate,
  resolver = new TemplateResolver(template),
): LocalEventBus[] {
  return resolver.resourcesOfType('AWS::Events::EventBus').map(([logicalId]) => ({
    logicalId,
    name: resolver.physicalName(logicalId),
    arn: resolver.arn(logicalId),
  }));
}

/** The bus every account has in every region. */
export function defaultEventBus(environment: LocalEnvironment): LocalEventBus {
  const { partition, region, accountId } = environment;
  return { name: 'default', arn: `arn:${partition}:events:${region}:${accountId}:event-bus/default` };
}

/** A bus named as PutEvents takes it: a name, an ARN, or nothing for `default`. */
export function findEventBus(
  buses: readonly LocalEventBus[],
  reference: string | undefined,
): LocalEventBus | undefined {
  const wanted = reference === undefined || reference === '' ? 'default' : reference;
  return buses.find((bus) => (wanted.startsWith('arn:') ? bus.arn === wanted : bus.name === wanted));
}
