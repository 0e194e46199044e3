#!/usr/bin/env node
/** The CDK app entry (cdk.json's `app`): this repository's deployable stack, with cdk-nag's checks. */
import { buildApp } from '../lib/app/build-app';

buildApp();
