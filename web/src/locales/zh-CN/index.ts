import { common } from './common';
import { config } from './config';
import { errors } from './errors';
import { jobs } from './jobs';
import { menu } from './menu';
import { overview } from './overview';
import { session } from './session';

/** The source catalogue: every other locale must provide exactly these keys (checked by the compiler). */
export const zhCN = { common, menu, session, overview, jobs, config, errors };
