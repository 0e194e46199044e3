/**
 * Step Functions Local's environment variables, so an existing docker-compose setup can swap its
 * image for `order-workflow start` unchanged: SFN_MOCK_CONFIG (the mock configuration file) and
 * WAIT_TIME_SCALE. A command-line flag wins over its variable.
 */
import { validateWaitTimeScale } from '../asl/scaled-clock';

export interface SfnLocalSettings {
  readonly mockConfig?: string;
  readonly waitTimeScale?: number;
}

/** The settings from the flags, else from Step Functions Local's variables in `env`. */
export function sfnLocalSettings(
  flags: SfnLocalSettings,
  env: NodeJS.ProcessEnv = process.env,
): SfnLocalSettings {
  return {
    mockConfig: flags.mockConfig ?? nonEmpty(env.SFN_MOCK_CONFIG),
    waitTimeScale: flags.waitTimeScale ?? parseWaitTimeScale(env.WAIT_TIME_SCALE, 'WAIT_TIME_SCALE'),
  };
}

/** A scale as text (a flag or a variable), refused with the name of where it came from. */
export function parseWaitTimeScale(text: string | undefined, source: string): number | undefined {
  if (nonEmpty(text) === undefined) return undefined;
  const scale = Number(text);
  try {
    validateWaitTimeScale(scale);
  } catch (error) {
    throw new Error(`${source}: ${(error as Error).message.replace(/not NaN$/, `not "${text}"`)}`, {
      cause: error,
    });
  }
  return scale;
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text;
}
