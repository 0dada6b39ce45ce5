/**
 * Operator tool for the compute center's API clients (docs/api/compute-v1.md):
 *   npm run compute-client -- create --name "<name>"   prints client_id=… and secret=… (the secret only now)
 *   npm run compute-client -- rotate --id <client id>  prints a new secret=…; the old one works 24 more hours
 *   npm run compute-client -- revoke --id <client id>  refuses the client's requests from now on
 * Every change is in the audit log, by "cli".
 */
import { parseArgs } from "node:util";
import { getDb } from "~db/client.server";
import {
  CLIENT_NAME_MAX,
  UnknownClientError,
  createComputeClient,
  revokeComputeClient,
  rotateComputeClient,
} from "~/models/compute-clients.server";

const usage = [
  'usage: npm run compute-client -- create --name "<name>"',
  "       npm run compute-client -- rotate --id <client id>",
  "       npm run compute-client -- revoke --id <client id>",
].join("\n");

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: "string" }, id: { type: "string" } },
});
const command = positionals[0];
const actor = { id: null, label: "cli" };

function refuse(message?: string): never {
  if (message) console.error(message);
  console.error(usage);
  process.exit(2);
}

try {
  if (command === "create") {
    const name = values.name?.trim() ?? "";
    if (!name || name.length > CLIENT_NAME_MAX || /[\p{Cc}]/u.test(name))
      refuse(`--name: 1 to ${CLIENT_NAME_MAX} characters, no control characters`);
    const { clientId, secret } = createComputeClient(getDb(), actor, name);
    console.log(`client_id=${clientId}`);
    console.log(`secret=${secret}`);
    console.error("Store the secret now: it is not shown again (rotate to get a new one).");
  } else if (command === "rotate") {
    if (!values.id) refuse("--id is required");
    const { secret, overlapUntil } = rotateComputeClient(getDb(), actor, values.id);
    console.log(`client_id=${values.id}`);
    console.log(`secret=${secret}`);
    console.error(
      `The previous secret stays valid until ${overlapUntil.toISOString()}. Store the new one now.`,
    );
  } else if (command === "revoke") {
    if (!values.id) refuse("--id is required");
    revokeComputeClient(getDb(), actor, values.id);
    console.log(`Revoked ${values.id}: its requests are refused from now on.`);
  } else {
    refuse();
  }
} catch (error) {
  if (error instanceof UnknownClientError) {
    console.error(`${error.message} (or it is already revoked)`);
    process.exit(1);
  }
  throw error;
}
