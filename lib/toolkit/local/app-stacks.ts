import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as cxapi from 'aws-cdk-lib/cx-api';
import { CfnTemplate, LocalEnvironment, TemplateResolver } from './template-resolver';
import { TemplateResolutionError } from './unresolved';

/**
 * One stack of a cloud assembly, top-level or nested, with a resolver that knows the rest of the
 * app: its parent's parameters, its nested stacks' outputs and the other stacks' exports.
 */
export interface AppStack {
  /** The artifact id, or `<parent id>/<logical id of the nested stack resource>`. */
  readonly id: string;
  readonly template: CfnTemplate;
  readonly resolver: TemplateResolver;
  /** The top-level artifact whose `<id>.assets.json` lists this stack's assets. */
  readonly assetStackId: string;
  /** Construct paths by logical id, from the top-level artifact's metadata. */
  readonly constructPaths: ReadonlyMap<string, string>;
  /** The file an S3 object key of a file asset (`<hash>.json`) stands for, in the assembly. */
  readonly assetFile: (s3Key: string) => string | undefined;
}

interface AssetManifest {
  files?: Record<string, { source: { path: string } }>;
}

/**
 * Every stack of the assembly, nested stacks included (their `*.nested.template.json`, found
 * through the parent's asset manifest), each resolving intrinsics across the app lazily:
 * `Fn::GetAtt <NestedStack>.Outputs.X`, nested stack parameters and `Fn::ImportValue`.
 */
export function appStacks(assembly: cxapi.CloudAssembly, environment: LocalEnvironment): AppStack[] {
  const stacks: AppStack[] = [];
  let exportsByName: Map<string, AppStack & { output: string }> | undefined;
  const importValue = (name: string, where: string): unknown => {
    exportsByName ??= new Map(
      stacks.flatMap((s) => s.resolver.exports().map((e) => [e.name, { ...s, output: e.output }] as const)),
    );
    const exporter = exportsByName.get(name);
    if (!exporter) {
      throw new TemplateResolutionError(`Fn::ImportValue ${name}: no stack of this app exports it`, where);
    }
    return exporter.resolver.output(exporter.output, where);
  };

  for (const artifact of assembly.stacksRecursively) {
    const manifest = readAssetManifest(assembly.directory, artifact.id);
    const constructPaths = constructPathsOf(artifact);
    const assetFile = (s3Key: string) => assetSource(assembly.directory, manifest, s3Key);
    const add = (
      id: string,
      stackName: string,
      template: CfnTemplate,
      parameter?: (name: string) => { value: unknown } | undefined,
    ): TemplateResolver => {
      const nested = new Map<string, TemplateResolver>();
      const resolver = new TemplateResolver(template, environment, {
        stackName,
        parameter,
        importValue,
        nestedStack: (logicalId) => nested.get(logicalId),
      });
      stacks.push({ id, template, resolver, assetStackId: artifact.id, constructPaths, assetFile });
      for (const [logicalId, resource] of resolver.resourcesOfType('AWS::CloudFormation::Stack')) {
        const file = nestedTemplateFile(assembly.directory, manifest, resource.Properties?.TemplateURL);
        if (!file) continue; // a stack from a URL outside the assembly: nothing local to run
        const passed = (resource.Properties?.Parameters ?? {}) as Record<string, unknown>;
        const where = `${logicalId}.Properties.Parameters`;
        nested.set(
          logicalId,
          add(`${id}/${logicalId}`, `${stackName}-${logicalId}`, readTemplate(file), (name) =>
            name in passed ? { value: resolver.resolve(passed[name], `${where}.${name}`) } : undefined,
          ),
        );
      }
      return resolver;
    };
    add(artifact.id, artifact.stackName, artifact.template as CfnTemplate);
  }
  return stacks;
}

function readAssetManifest(assemblyDir: string, artifactId: string): AssetManifest {
  const file = path.join(assemblyDir, `${artifactId}.assets.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as AssetManifest) : {};
}

/** The nested template named by a TemplateURL's `<hash>.json` object key, via the asset manifest. */
function nestedTemplateFile(
  assemblyDir: string,
  manifest: AssetManifest,
  templateUrl: unknown,
): string | undefined {
  const key = /[0-9a-f]{64}\.json/.exec(JSON.stringify(templateUrl ?? ''))?.[0];
  return key ? assetSource(assemblyDir, manifest, key) : undefined;
}

/** A file asset's source in the assembly, by its S3 object key (`<hash>.<ext>`). */
function assetSource(assemblyDir: string, manifest: AssetManifest, s3Key: string): string | undefined {
  const hash = /([0-9a-f]{64})/.exec(s3Key)?.[1];
  const source = hash ? manifest.files?.[hash]?.source.path : undefined;
  return source ? path.resolve(assemblyDir, source) : undefined;
}

function readTemplate(file: string): CfnTemplate {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as CfnTemplate;
}

/**
 * Each resource's construct path, by logical id, from the assembly's `aws:cdk:logicalId` metadata:
 * there whether or not the template carries `aws:cdk:path` metadata (an App synthesized in a test
 * does not), nested stacks' resources included. The path is the entry's without its leading slash.
 */
function constructPathsOf(stack: cxapi.CloudFormationStackArtifact): Map<string, string> {
  const paths = new Map<string, string>();
  for (const entry of stack.findMetadataByType('aws:cdk:logicalId')) {
    if (typeof entry.data === 'string') paths.set(entry.data, entry.path.replace(/^\//, ''));
  }
  return paths;
}
