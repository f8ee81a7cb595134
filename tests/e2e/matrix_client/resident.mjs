// A resident on matrix-js-sdk, the library behind Element Web: logs in to the fake homeserver with a
// given access token, syncs, and submits an initiative to buurtbot in a direct chat by typing the
// numbers of the options and confirming. Exits 0 when the bot's confirmation arrived in the client's
// timeline; prints every bot message it saw on the way.
//
// node resident.mjs HOMESERVER_URL ACCESS_TOKEN USER_ID ROOM_ID
import * as sdk from "matrix-js-sdk";
import { logger } from "matrix-js-sdk/lib/logger.js";

logger.setLevel("warn");  // the library logs every request at info

const [baseUrl, accessToken, userId, roomId] = process.argv.slice(2);
const kBot = "@buurtbot:example.org";
const kWait = 60000;

const client = sdk.createClient({ baseUrl, accessToken, userId });
const seen = [];  // the bot's messages in the room's timeline, in order
let read = 0;     // how many of them the script has used
const waiters = [];

client.on(sdk.RoomEvent.Timeline, (event, room) => {
  if (room?.roomId !== roomId || event.getSender() !== kBot || event.getType() !== "m.room.message") return;
  seen.push(event.getContent());
  for (const wake of waiters.splice(0)) wake();
});

// The next bot message (after those already used) whose body contains `fragment`.
async function reply(fragment) {
  const deadline = Date.now() + kWait;
  for (;;) {
    for (let i = read; i < seen.length; ++i) {
      if (seen[i].body.includes(fragment)) {
        read = i + 1;
        return seen[i];
      }
    }
    if (Date.now() > deadline) throw new Error(`no bot message containing "${fragment}"; saw:\n${seen.map((c) => c.body).join("\n---\n")}`);
    await new Promise((wake) => { waiters.push(wake); setTimeout(wake, 1000); });
  }
}

// The number in front of `label` in a message's numbered options ("2. Groen").
function number(content, label) {
  const line = content.body.split("\n").find((l) => l.replace(/^\d+\. /, "") === label);
  if (!line) throw new Error(`no option "${label}" in: ${content.body}`);
  return line.split(".")[0];
}

const say = (text) => client.sendMessage(roomId, { msgtype: "m.text", body: text });

async function main() {
  const prepared = new Promise((resolve) => client.once(sdk.ClientEvent.Sync, (state) => state === "PREPARED" && resolve()));
  await client.startClient({ initialSyncLimit: 20 });
  await prepared;

  await say("/initiatief");
  await reply("Wat is de naam van je plan?");
  await say("Bankje bij de speeltuin");
  await reply("Vertel in een paar zinnen");
  await say("Een bankje bij de speeltuin in het park, zodat ouders kunnen zitten.");
  await say(number(await reply("Bij welk thema"), "Groen"));
  await say(number(await reply("In welke wijk"), "Centrum"));
  await say(number(await reply("Wat heb je nodig van de gemeente?"), "Geen"));
  await say(number(await reply("Mag iedereen je plan zien"), "Ja"));
  await say(number(await reply("Dit is je plan:"), "Ja"));
  const done = await reply("Je plan is ingediend");
  console.log(`the bot's confirmation reached the client: ${done.body.split("\n")[0]}`);
  console.log(`bot messages in the client's timeline: ${seen.length}`);
}

main()
  .then(() => { client.stopClient(); process.exit(0); })
  .catch((e) => { console.error(e.stack ?? e); client.stopClient(); process.exit(1); });
