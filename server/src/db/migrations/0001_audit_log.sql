CREATE TABLE "audit_record" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"outcome" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"owner_division" varchar(12) NOT NULL,
	"ip" text,
	"request_id" text,
	"details" jsonb NOT NULL,
	"prev_hash" char(64) NOT NULL,
	"hash" char(64) NOT NULL,
	CONSTRAINT "audit_record_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE INDEX "audit_record_occurred_at_idx" ON "audit_record" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "audit_record_actor_idx" ON "audit_record" USING btree ("actor_id","seq");--> statement-breakpoint
CREATE INDEX "audit_record_action_idx" ON "audit_record" USING btree ("action","seq");--> statement-breakpoint
CREATE INDEX "audit_record_target_idx" ON "audit_record" USING btree ("target_type","target_id");