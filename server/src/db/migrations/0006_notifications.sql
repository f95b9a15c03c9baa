CREATE TABLE "notification_read" (
	"notification_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notification_read_notification_id_account_id_pk" PRIMARY KEY("notification_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "notification" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" bigint NOT NULL,
	"kind" varchar(40) NOT NULL,
	"recipient_account" uuid,
	"recipient_unit" uuid,
	"case_id" uuid,
	"task_id" uuid,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"owner_division" varchar(12) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notification_read" ADD CONSTRAINT "notification_read_notification_id_notification_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notification"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_read" ADD CONSTRAINT "notification_read_account_id_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_read_account_idx" ON "notification_read" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_event_uq" ON "notification" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "notification_account_idx" ON "notification" USING btree ("recipient_account","created_at");--> statement-breakpoint
CREATE INDEX "notification_unit_idx" ON "notification" USING btree ("recipient_unit","created_at");