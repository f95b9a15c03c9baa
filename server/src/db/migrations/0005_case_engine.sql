CREATE TABLE "calendar_day" (
	"date" date NOT NULL,
	"source" varchar(12) NOT NULL,
	"kind" varchar(12) NOT NULL,
	"name" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" varchar(64) NOT NULL,
	CONSTRAINT "calendar_day_date_source_pk" PRIMARY KEY("date","source")
);
--> statement-breakpoint
CREATE TABLE "case_action" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"task_id" uuid,
	"workflow" varchar(40) NOT NULL,
	"action" varchar(60) NOT NULL,
	"from_state" varchar(40),
	"to_state" varchar(40) NOT NULL,
	"task_from_state" varchar(40),
	"task_to_state" varchar(40),
	"actor_id" varchar(64) NOT NULL,
	"actor_name" text NOT NULL,
	"actor_role" varchar(40) NOT NULL,
	"inputs" jsonb NOT NULL,
	"attachments" jsonb NOT NULL,
	"effects" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"owner_division" varchar(12) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_deadline" (
	"case_id" uuid NOT NULL,
	"holder" varchar(36) NOT NULL,
	"clock" varchar(40) NOT NULL,
	"task_id" uuid,
	"unit" varchar(16) NOT NULL,
	"amount" double precision NOT NULL,
	"periods" jsonb NOT NULL,
	"segments" jsonb NOT NULL,
	"state" varchar(12) NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"yellow_at" timestamp with time zone,
	"status" varchar(8) NOT NULL,
	"status_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone,
	"yellow_share" double precision NOT NULL,
	"yellow_remaining" double precision NOT NULL,
	"owner_division" varchar(12) NOT NULL,
	CONSTRAINT "case_deadline_case_id_holder_clock_pk" PRIMARY KEY("case_id","holder","clock")
);
--> statement-breakpoint
CREATE TABLE "case_file" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workflow" varchar(40) NOT NULL,
	"workflow_version" integer NOT NULL,
	"number" varchar(40),
	"state" varchar(40) NOT NULL,
	"version" integer NOT NULL,
	"grid_code" varchar(15),
	"data" jsonb NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"opened_by" varchar(64) NOT NULL,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"last_action_id" bigint NOT NULL,
	"owner_division" varchar(12) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_task" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" varchar(40) NOT NULL,
	"state" varchar(40) NOT NULL,
	"assignee_unit" uuid,
	"assignee_account" uuid,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"owner_division" varchar(12) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tx_id" bigint DEFAULT (pg_current_xact_id()::text)::bigint NOT NULL,
	"type" varchar(60) NOT NULL,
	"case_id" uuid,
	"payload" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"owner_division" varchar(12) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_consumer" (
	"name" varchar(60) PRIMARY KEY NOT NULL,
	"tx_id" bigint NOT NULL,
	"event_id" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_action" ADD CONSTRAINT "case_action_case_id_case_file_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."case_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_deadline" ADD CONSTRAINT "case_deadline_case_id_case_file_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."case_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_task" ADD CONSTRAINT "case_task_case_id_case_file_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."case_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_action_case_idx" ON "case_action" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "case_action_at_idx" ON "case_action" USING btree ("at");--> statement-breakpoint
CREATE INDEX "case_deadline_yellow_idx" ON "case_deadline" USING btree ("yellow_at") WHERE state = 'running' and status = 'green';--> statement-breakpoint
CREATE INDEX "case_deadline_due_idx" ON "case_deadline" USING btree ("due_at") WHERE state = 'running' and status <> 'red';--> statement-breakpoint
CREATE INDEX "case_deadline_open_idx" ON "case_deadline" USING btree ("state") WHERE state <> 'stopped';--> statement-breakpoint
CREATE UNIQUE INDEX "case_file_number_uq" ON "case_file" USING btree ("number");--> statement-breakpoint
CREATE INDEX "case_file_owner_idx" ON "case_file" USING btree ("owner_division");--> statement-breakpoint
CREATE INDEX "case_file_workflow_state_idx" ON "case_file" USING btree ("workflow","state");--> statement-breakpoint
CREATE INDEX "case_file_grid_idx" ON "case_file" USING btree ("grid_code");--> statement-breakpoint
CREATE INDEX "case_task_case_idx" ON "case_task" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_task_unit_idx" ON "case_task" USING btree ("assignee_unit","state");--> statement-breakpoint
CREATE INDEX "case_task_account_idx" ON "case_task" USING btree ("assignee_account","state");--> statement-breakpoint
CREATE INDEX "engine_event_order_idx" ON "engine_event" USING btree ("tx_id","id");--> statement-breakpoint
-- The action log is the truth every projection and indicator is rebuilt from: no row of it may change.
CREATE FUNCTION "case_action_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_action is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER "case_action_no_change" BEFORE UPDATE OR DELETE ON "case_action"
  FOR EACH ROW EXECUTE FUNCTION "case_action_immutable"();
