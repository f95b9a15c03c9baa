import type { Messages } from '../types';
import { common } from './common';
import { config } from './config';
import { errors } from './errors';
import { jobs } from './jobs';
import { menu } from './menu';
import { overview } from './overview';
import { session } from './session';

export const enUS: Messages = { common, menu, session, overview, jobs, config, errors };
