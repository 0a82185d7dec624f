DROP INDEX "initiatives_public_token_key";--> statement-breakpoint
ALTER TABLE "initiatives" DROP COLUMN "public_token";