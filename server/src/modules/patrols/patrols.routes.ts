import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';

/** Patrols (巡查) of grid workers, their trails, and the duty check (定时). */
export async function patrolsRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  fastify.withTypeProvider<TypeBoxTypeProvider>();
  void ctx;
}
