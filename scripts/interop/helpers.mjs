// Helper sub-commands for scripts/interop/ejs-peer.sh (adapted from the project's shared ejs-peer
// harness, written for this project). The runtime dir (the npm prefix holding @ethereumjs/client) is
// the first argument because packages are loaded from there by explicit path.
//   patch    <rt>                       make GetReceipts/GetBlockBodies answer per spec (idempotent)
//   seedkey  <rt> <configDir> <hexkey>  store the devp2p node key where the client looks for it
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const [cmd, rt, ...args] = process.argv.slice(2)
const mod = (rel) => import(pathToFileURL(join(rt, 'node_modules', rel)).href)
const die = (msg) => { console.error(`helpers: ${msg}`); process.exit(1) }

if (cmd === 'patch') {
  // @ethereumjs/client 0.10.5 bugs: GetReceipts handler destructures an object as an array (never answers),
  // flattens receipts of all blocks into one list and wraps legacy receipts as byte strings;
  // GetBlockBodies with an unknown hash throws (never answers). These edits fix exactly that.
  const root = join(rt, 'node_modules/@ethereumjs/client/dist/esm/src')
  const edits = {
    'service/fullethereumservice.js': [
      ['const [reqId, hashes] = message.data;', 'const { reqId, hashes } = message.data; /*ejs-peer-patch*/'],
      ['receipts.push(...blockReceipts);', 'receipts.push(blockReceipts);'],
      ['concatBytes(...receipts.map((r) => encodeReceipt(r, r.txType)))',
        'concatBytes(...blockReceipts.map((r) => encodeReceipt(r, r.txType)))'],
      ['const blocks = await Promise.all(hashes.map((hash) => this.chain.getBlock(hash)));',
        'const blocks = (await Promise.all(hashes.map((hash) => this.chain.getBlock(hash).catch(() => undefined)))).filter((b) => b !== undefined);'],
    ],
    'net/protocol/ethprotocol.js': [
      [/const encodedReceipt = encodeReceipt\(receipt, receipt\.txType\);\s*serializedReceipts\.push\(encodedReceipt\);/,
        'serializedReceipts.push(receipt.map((r) => r.txType === 0 ? RLP.decode(encodeReceipt(r, 0)) : encodeReceipt(r, r.txType))); /*ejs-peer-patch*/'],
    ],
  }
  for (const [file, reps] of Object.entries(edits)) {
    const path = join(root, file)
    let src = readFileSync(path, 'utf8')
    if (src.includes('/*ejs-peer-patch*/')) continue
    for (const [from, to] of reps) {
      const next = src.replace(from, to)
      if (next === src) die(`patch anchor not found in ${file}: ${from}`)
      src = next
    }
    writeFileSync(path, src)
  }
} else if (cmd === 'seedkey') {
  const [configDir, keyHex] = args
  const key = Buffer.from(keyHex.trim().replace(/^0x/, ''), 'hex')
  if (key.length !== 32) die('node key must be 32 bytes of hex')
  const { Level } = await mod('level/index.js')
  mkdirSync(configDir, { recursive: true })
  const db = new Level(configDir)
  await db.put('config:client_key', Uint8Array.from(key), { keyEncoding: 'utf8', valueEncoding: 'view' })
  await db.close()
} else {
  die(`unknown command ${cmd}`)
}
