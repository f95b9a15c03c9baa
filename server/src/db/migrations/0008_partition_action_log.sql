-- The action log, partitioned by actor: the engine's own small entries (recolourings, recomputes) apart from
-- people's actions, so they append instead of filling gaps all over the log (engine.tables.ts, ADR 0019).
-- The rows move over unchanged, ids and all; the id sequence carries on.
DROP TRIGGER "case_action_no_change" ON "case_action";--> statement-breakpoint
ALTER TABLE "case_action" RENAME TO "case_action_before_0008";--> statement-breakpoint
ALTER INDEX "case_action_pkey" RENAME TO "case_action_before_0008_pkey";--> statement-breakpoint
ALTER INDEX "case_action_case_idx" RENAME TO "case_action_before_0008_case_idx";--> statement-breakpoint
ALTER INDEX "case_action_at_idx" RENAME TO "case_action_before_0008_at_idx";--> statement-breakpoint
CREATE TABLE "case_action" (LIKE "case_action_before_0008" INCLUDING DEFAULTS) PARTITION BY LIST ("actor_id");--> statement-breakpoint
CREATE TABLE "case_action_system" PARTITION OF "case_action" FOR VALUES IN ('system');--> statement-breakpoint
CREATE TABLE "case_action_people" PARTITION OF "case_action" DEFAULT;--> statement-breakpoint
ALTER TABLE "case_action" ADD CONSTRAINT "case_action_id_actor_id_pk" PRIMARY KEY("id","actor_id");--> statement-breakpoint
CREATE INDEX "case_action_case_idx" ON "case_action" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "case_action_at_idx" ON "case_action" USING btree ("at");--> statement-breakpoint
INSERT INTO "case_action" SELECT * FROM "case_action_before_0008" ORDER BY "id";--> statement-breakpoint
ALTER SEQUENCE "case_action_id_seq" OWNED BY "case_action"."id";--> statement-breakpoint
DROP TABLE "case_action_before_0008";--> statement-breakpoint
CREATE TRIGGER "case_action_no_change" BEFORE UPDATE OR DELETE ON "case_action"
  FOR EACH ROW EXECUTE FUNCTION "case_action_immutable"();
