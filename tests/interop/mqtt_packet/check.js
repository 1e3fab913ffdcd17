'use strict'
// Cross-check of `atmqtt mqtt decode|encode` against the independent npm package mqtt-packet.
//
//   node check.js TOOL WORKDIR      (run.sh installs mqtt-packet into WORKDIR first)
//
// 1. decode: random packets (every type, levels 3 and 4) are serialised by mqtt-packet's generator and
//    fed to `TOOL mqtt decode --level N`, as hex text and as raw bytes; every decoded field must equal
//    what was generated, in the tool's key order.
// 2. encode: random packets are written as JSON (shuffled keys, escaped characters, spacing) and fed to
//    `TOOL mqtt encode --level N`; mqtt-packet's parser must read every field back from the hex, and the
//    bytes must equal mqtt-packet's own serialisation (MQTT 3.1.1 encodings are canonical).
//
// Environment: ATMQTT_INTEROP_SEED (default below) and ATMQTT_INTEROP_COUNT (packets per level and
// direction). The seed is printed, so a failure can be replayed.
//
// Only packets atmqtt must accept are generated. mqtt-packet is more lenient than atmqtt (and than the
// spec) in ways that random valid packets do not exercise, e.g. it:
//   - accepts any protocol name/level pair (MQIsdp with level 4), atmqtt accepts only MQIsdp/3 and MQTT/4;
//   - accepts CONNACK return codes 6-255, session present with a refusal, and session present at level 3;
//   - accepts SUBACK code 0x80 at level 3 (3.1 has no failure code);
//   - does not check UTF-8 (it decodes with replacement characters), U+0000, empty topics, wildcards in
//     topic names, topic filter syntax, packet identifier 0, DUP on QoS 0, or the 23-character client
//     identifier limit of 3.1;
//   - ignores DUP on SUBSCRIBE/UNSUBSCRIBE (atmqtt requires the fixed flags 0010).
// Those rules are covered by atmqtt's own unit tests and the tool's golden error cases instead.

const { spawnSync } = require('child_process')
const fs = require('fs')
const os = require('os')
const path = require('path')

const [tool, workdir] = process.argv.slice(2)
if (!tool || !workdir) {
  console.error('usage: node check.js TOOL WORKDIR')
  process.exit(2)
}
const mqtt = require(path.join(workdir, 'node_modules', 'mqtt-packet'))

const SEED = Number(process.env.ATMQTT_INTEROP_SEED || 0x4d515454) >>> 0
const COUNT = Number(process.env.ATMQTT_INTEROP_COUNT || 1500)
console.log(`mqtt-packet ${require(path.join(workdir, 'node_modules', 'mqtt-packet', 'package.json')).version}, ` +
            `seed ${SEED} (set ATMQTT_INTEROP_SEED to replay), ${COUNT} packets per level and direction`)

// ---- deterministic randomness (mulberry32) ---------------------------------------------------------------

let state = SEED
function random () {
  state = (state + 0x6d2b79f5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const int = (n) => Math.floor(random() * n) // 0 .. n-1
const chance = (p) => random() < p
const pick = (a) => a[int(a.length)]

// Lengths: mostly short, sometimes empty, now and then long enough for 2- and 3-byte remaining lengths.
function length (max) {
  const r = random()
  if (r < 0.15) return 0
  if (r < 0.85) return int(Math.min(max, 24)) + 1
  if (r < 0.97) return int(Math.min(max, 400)) + 1
  return int(max) + 1
}

function binary (max) {
  const b = Buffer.alloc(length(max))
  for (let i = 0; i < b.length; i++) b[i] = int(256)
  return b
}

// Pieces of text: ASCII, 2-, 3- and 4-byte UTF-8, JSON's special characters, control characters (allowed
// by MQTT, escaped as \u00xx by the tool), U+2028 (special in JavaScript), a non-character.
const PIECES = [
  'a', 'b', 'z', 'A', 'Q', '0', '7', '-', '_', '.', ' ', '$', '%', '~', 'é', 'ß', 'Ж', 'ñ',
  '日本', '€', '\u2028', '\ufffe', '😀', '𝄞', '"', '\\', '\t', '\n', '\r', '\u0001', '\u001f', '\u007f',
  'sensor', 'temp', 'home', 'ключ'
]
function text (maxPieces) {
  let s = ''
  const n = int(maxPieces + 1)
  for (let i = 0; i < n; i++) s += pick(PIECES)
  return s
}
const utf8Length = (s) => Buffer.byteLength(s, 'utf8')
const codePoints = (s) => Array.from(s).length

// A topic level without '/', '+' or '#'.
function level () {
  return chance(0.1) ? '' : text(4)
}

function topicName () {
  let t
  do {
    const levels = []
    const n = int(5) + 1
    for (let i = 0; i < n; i++) levels.push(level())
    t = levels.join('/')
  } while (t.length === 0)
  return t
}

function topicFilter () {
  const levels = []
  const n = int(5) + 1
  for (let i = 0; i < n; i++) levels.push(chance(0.2) ? '+' : level())
  if (chance(0.25)) levels.push('#')
  if (chance(0.05)) return '#'
  const f = levels.join('/')
  return f.length === 0 ? '+' : f
}

function clientId (lvl, clean) {
  for (;;) {
    const id = chance(0.5) ? 'client-' + int(100000) : text(6)
    if (lvl === 3 && (codePoints(id) < 1 || codePoints(id) > 23)) continue // 3.1: 1-23 characters
    if (lvl === 4 && id === '' && !clean) continue // an empty id needs a clean session
    return id
  }
}

const id16 = () => int(65535) + 1
const qos = () => int(3)
const hex = (b) => b.toString('hex')

// ---- random packets in the tool's JSON shape (key order as the tool prints it) --------------------------

const TYPES = ['connect', 'connack', 'publish', 'puback', 'pubrec', 'pubrel', 'pubcomp', 'subscribe',
  'suback', 'unsubscribe', 'unsuback', 'pingreq', 'pingresp', 'disconnect']

function randomPacket (lvl, type) {
  switch (type) {
    case 'connect': {
      const clean = chance(0.6)
      const p = {
        type,
        protocol_name: lvl === 3 ? 'MQIsdp' : 'MQTT',
        protocol_level: lvl,
        clean_session: clean,
        keep_alive: pick([0, 60, 65535, int(65536)]),
        client_id: chance(0.1) && lvl === 4 && clean ? '' : clientId(lvl, clean)
      }
      if (chance(0.5)) {
        p.will = { topic: topicName(), payload: hex(binary(300)), qos: qos(), retain: chance(0.5) }
      }
      if (chance(0.5)) {
        p.username = chance(0.2) ? '' : text(6)
        if (chance(0.6)) p.password = hex(binary(64))
      }
      return p
    }
    case 'connack': {
      const rc = chance(0.6) ? 0 : int(6)
      return { type, session_present: lvl === 4 && rc === 0 && chance(0.5), return_code: rc }
    }
    case 'publish': {
      const q = qos()
      const p = { type, dup: q > 0 && chance(0.3), qos: q, retain: chance(0.3), topic: topicName() }
      if (q > 0) p.packet_id = id16()
      p.payload = hex(binary(chance(0.02) ? 20000 : 1000))
      return p
    }
    case 'subscribe': {
      const subscriptions = []
      const n = int(5) + 1
      for (let i = 0; i < n; i++) subscriptions.push({ topic_filter: topicFilter(), qos: qos() })
      return { type, packet_id: id16(), subscriptions }
    }
    case 'suback': {
      const codes = lvl === 3 ? [0, 1, 2] : [0, 1, 2, 128]
      const return_codes = []
      const n = int(6) + 1
      for (let i = 0; i < n; i++) return_codes.push(pick(codes))
      return { type, packet_id: id16(), return_codes }
    }
    case 'unsubscribe': {
      const topic_filters = []
      const n = int(5) + 1
      for (let i = 0; i < n; i++) topic_filters.push(topicFilter())
      return { type, packet_id: id16(), topic_filters }
    }
    case 'puback': case 'pubrec': case 'pubrel': case 'pubcomp': case 'unsuback':
      return { type, packet_id: id16() }
    default:
      return { type }
  }
}

// Fixed edge cases at every level: the limits random choice rarely reaches.
function edgePackets (lvl) {
  const big = (n) => 'ab'.repeat(n) // n bytes as hex
  const edges = [
    { type: 'publish', dup: false, qos: 0, retain: false, topic: 'x'.repeat(65535), payload: '' },
    { type: 'publish', dup: true, qos: 2, retain: true, topic: '/', packet_id: 65535, payload: big(127 - 5) },
    { type: 'publish', dup: false, qos: 1, retain: false, topic: 'a', packet_id: 1, payload: big(128 - 5) },
    { type: 'publish', dup: false, qos: 0, retain: false, topic: 'a', payload: big(16383 - 3) },
    { type: 'publish', dup: false, qos: 0, retain: false, topic: 'a', payload: big(16384 - 3) },
    { type: 'publish', dup: false, qos: 0, retain: true, topic: '😀/日本/\u0001', payload: big(1) },
    { type: 'subscribe', packet_id: 1, subscriptions: [{ topic_filter: '#', qos: 2 }, { topic_filter: '+', qos: 0 }] },
    { type: 'unsubscribe', packet_id: 65535, topic_filters: ['+/+/#', '/', 'x'.repeat(65535)] },
    { type: 'connack', session_present: false, return_code: 5 },
    {
      type: 'connect', protocol_name: lvl === 3 ? 'MQIsdp' : 'MQTT', protocol_level: lvl, clean_session: false,
      keep_alive: 65535, client_id: lvl === 3 ? 'é'.repeat(23) : 'x'.repeat(65535),
      will: { topic: 'will', payload: '', qos: 2, retain: true }, username: '', password: ''
    }
  ]
  if (lvl === 4) {
    edges.push({ type: 'suback', packet_id: 2, return_codes: [128, 128, 0] })
    // A 4-byte remaining length (2 MiB): once is enough, the level does not matter to it.
    edges.push({ type: 'publish', dup: false, qos: 0, retain: false, topic: 'a', payload: big(2097152 - 3) })
  }
  return edges
}

function packets (lvl, count) {
  const list = edgePackets(lvl)
  for (const t of TYPES) list.push(randomPacket(lvl, t)) // every type at least once
  while (list.length < count) list.push(randomPacket(lvl, pick(TYPES)))
  return list
}

// ---- conversion to and from mqtt-packet's objects --------------------------------------------------------

function toMqttPacket (p) {
  const b = (h) => Buffer.from(h, 'hex')
  switch (p.type) {
    case 'connect': {
      const o = {
        cmd: 'connect', protocolId: p.protocol_name, protocolVersion: p.protocol_level, clean: p.clean_session,
        keepalive: p.keep_alive, clientId: p.client_id
      }
      if (p.will) o.will = { topic: p.will.topic, payload: b(p.will.payload), qos: p.will.qos, retain: p.will.retain }
      if (p.username !== undefined) o.username = p.username
      if (p.password !== undefined) o.password = b(p.password)
      return o
    }
    case 'connack': return { cmd: 'connack', sessionPresent: p.session_present, returnCode: p.return_code }
    case 'publish': {
      const o = { cmd: 'publish', dup: p.dup, qos: p.qos, retain: p.retain, topic: p.topic, payload: b(p.payload) }
      if (p.qos > 0) o.messageId = p.packet_id
      return o
    }
    case 'subscribe':
      return {
        cmd: 'subscribe',
        messageId: p.packet_id,
        subscriptions: p.subscriptions.map((s) => ({ topic: s.topic_filter, qos: s.qos }))
      }
    case 'suback': return { cmd: 'suback', messageId: p.packet_id, granted: p.return_codes.slice() }
    case 'unsubscribe': return { cmd: 'unsubscribe', messageId: p.packet_id, unsubscriptions: p.topic_filters.slice() }
    case 'puback': case 'pubrec': case 'pubrel': case 'pubcomp': case 'unsuback':
      return { cmd: p.type, messageId: p.packet_id }
    default: return { cmd: p.type }
  }
}

// mqtt-packet's parsed packet -> the tool's shape, keys in the tool's order.
function fromMqttPacket (m) {
  const p = { type: m.cmd }
  switch (m.cmd) {
    case 'connect':
      p.protocol_name = m.protocolId
      p.protocol_level = m.protocolVersion
      p.clean_session = m.clean
      p.keep_alive = m.keepalive
      p.client_id = m.clientId
      if (m.will) p.will = { topic: m.will.topic, payload: hex(m.will.payload), qos: m.will.qos, retain: m.will.retain }
      if (m.username !== undefined) p.username = m.username
      if (m.password !== undefined) p.password = hex(m.password)
      break
    case 'connack':
      p.session_present = m.sessionPresent
      p.return_code = m.returnCode
      break
    case 'publish':
      p.dup = m.dup
      p.qos = m.qos
      p.retain = m.retain
      p.topic = m.topic
      if (m.qos > 0) p.packet_id = m.messageId
      p.payload = hex(m.payload)
      break
    case 'subscribe':
      p.packet_id = m.messageId
      p.subscriptions = m.subscriptions.map((s) => ({ topic_filter: s.topic, qos: s.qos }))
      break
    case 'suback':
      p.packet_id = m.messageId
      p.return_codes = m.granted
      break
    case 'unsubscribe':
      p.packet_id = m.messageId
      p.topic_filters = m.unsubscriptions
      break
    case 'puback': case 'pubrec': case 'pubrel': case 'pubcomp': case 'unsuback':
      p.packet_id = m.messageId
      break
  }
  return p
}

// Parses exactly one packet from buf with a fresh parser (a parser remembers the last CONNECT's level).
function parseOne (buf, lvl) {
  const parser = mqtt.parser({ protocolVersion: lvl })
  const got = []
  let error = null
  parser.on('packet', (p) => got.push(p))
  parser.on('error', (e) => { error = e })
  const left = parser.parse(buf)
  if (error) return { error: `mqtt-packet refused it: ${error.message}` }
  if (got.length !== 1 || left !== 0) return { error: `mqtt-packet saw ${got.length} packets and ${left} bytes left` }
  return { packet: fromMqttPacket(got[0]) }
}

// ---- running the tool ----------------------------------------------------------------------------------

function run (args, input) {
  const r = spawnSync(tool, args, { input, maxBuffer: 1 << 30 })
  if (r.error) throw r.error
  return { status: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') }
}

// ---- reporting -----------------------------------------------------------------------------------------

let failures = 0
const MAX_REPORTS = 10
const clip = (s) => (s.length > 300 ? s.slice(0, 300) + `... (${s.length} characters)` : s)

function fail (what, details) {
  failures++
  if (failures > MAX_REPORTS) return
  console.log(`FAIL ${what}`)
  for (const [k, v] of Object.entries(details)) console.log(`  ${k}: ${clip(String(v))}`)
}

// Field by field, so a report names the field that differs.
function firstDifference (expected, actual, where = '') {
  if (typeof expected !== typeof actual || Array.isArray(expected) !== Array.isArray(actual) ||
      (expected === null) !== (actual === null)) {
    return `${where || 'value'}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`
  }
  if (typeof expected !== 'object' || expected === null) {
    return expected === actual ? null : `${where || 'value'}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`
  }
  const ek = Object.keys(expected)
  const ak = Object.keys(actual)
  if (ek.join() !== ak.join()) return `${where || 'keys'}: expected keys [${ek}], got [${ak}]`
  for (const k of ek) {
    const d = firstDifference(expected[k], actual[k], where ? `${where}.${k}` : k)
    if (d) return d
  }
  return null
}

// ---- 1. mqtt-packet generates, atmqtt decodes -----------------------------------------------------------

function checkDecode (lvl) {
  const list = packets(lvl, COUNT)
  const wires = []
  for (const p of list) {
    const wire = mqtt.generate(toMqttPacket(p), { protocolVersion: lvl })
    // The converters themselves must round-trip through mqtt-packet, or a mismatch below would mislead.
    const back = parseOne(wire, lvl)
    const d = back.error || firstDifference(p, back.packet)
    if (d) fail(`level ${lvl}: test harness: mqtt-packet does not read back its own ${p.type}`, { difference: d })
    wires.push(wire)
  }

  // Hex text: one packet a line, with comments, blank lines and spacing the reader must skip.
  let text = `# ${list.length} packets generated by mqtt-packet, level ${lvl}\n`
  wires.forEach((w, i) => {
    if (i % 97 === 0) text += `\n# packet ${i}\n`
    const h = hex(w)
    text += (i % 5 === 0 ? h.replace(/(..)/g, '$1 ').trim() : h) + (i % 7 === 0 ? '  # trailing comment' : '') + '\n'
  })
  compareDecoded(`decode --hex --level ${lvl}`, run(['mqtt', 'decode', '--hex', '--level', String(lvl)], text), list, wires)

  // Raw bytes through a file.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'atmqtt-interop-')), 'stream.bin')
  fs.writeFileSync(file, Buffer.concat(wires))
  compareDecoded(`decode --level ${lvl} FILE (binary)`, run(['mqtt', 'decode', '--level', String(lvl), file]), list, wires)
  fs.rmSync(path.dirname(file), { recursive: true })
}

function compareDecoded (what, r, list, wires) {
  const lines = r.stdout.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  if (r.status !== 0) {
    const i = Math.max(lines.length - 1, 0) // the error object follows the packets decoded before it
    fail(`${what}: exit status ${r.status} at packet ${i}`, {
      output: lines[i], stderr: r.stderr, packet: i < list.length ? JSON.stringify(list[i]) : '-',
      bytes: i < wires.length ? hex(wires[i]) : '-'
    })
    return
  }
  if (lines.length !== list.length) fail(`${what}: ${lines.length} lines for ${list.length} packets`, {})
  let bad = 0
  for (let i = 0; i < Math.min(lines.length, list.length); i++) {
    let actual
    try {
      actual = JSON.parse(lines[i])
    } catch (e) {
      fail(`${what}: packet ${i}: output is not JSON (${e.message})`, { output: lines[i] })
      continue
    }
    const d = firstDifference(list[i], actual)
    if (d) {
      bad++
      fail(`${what}: packet ${i} (${list[i].type})`, {
        difference: d, bytes: hex(wires[i]), expected: JSON.stringify(list[i]), actual: lines[i]
      })
    }
  }
  console.log(`${bad === 0 ? 'ok  ' : 'FAIL'} ${what}: ${list.length} packets`)
}

// ---- 2. atmqtt encodes JSON, mqtt-packet parses ---------------------------------------------------------

// JSON text with the freedom a reader must allow: shuffled keys, optional escapes, spacing.
function writeJson (v) {
  const sp = () => (chance(0.1) ? pick([' ', '  ', '\t']) : '')
  if (typeof v === 'string') return writeString(v)
  if (typeof v !== 'object' || v === null) return String(v)
  if (Array.isArray(v)) return '[' + sp() + v.map((x) => writeJson(x)).join(sp() + ',' + sp()) + sp() + ']'
  const keys = Object.keys(v)
  if (chance(0.3)) keys.sort(() => random() - 0.5)
  return '{' + sp() + keys.map((k) => writeString(k) + sp() + ':' + sp() + writeJson(v[k])).join(',' + sp()) + sp() + '}'
}

function writeString (s) {
  const u4 = (c) => '\\u' + c.toString(16).padStart(4, '0')
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0)
    const short = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' }[ch]
    if (short) out += chance(0.5) || c >= 0x20 ? short : u4(c)
    else if (c < 0x20) out += chance(0.5) ? u4(c) : u4(c).toUpperCase().replace('\\U', '\\u')
    else if (ch === '/' && chance(0.5)) out += '\\/'
    else if (c > 0x7f && chance(0.3)) {
      out += c > 0xffff ? u4(0xd800 + ((c - 0x10000) >> 10)) + u4(0xdc00 + ((c - 0x10000) & 0x3ff)) : u4(c)
    } else out += ch
  }
  return out + '"'
}

function checkEncode (lvl) {
  const list = packets(lvl, COUNT)
  const text = list.map((p) => writeJson(p)).join('\n') + '\n'
  const what = `encode --level ${lvl}`
  const r = run(['mqtt', 'encode', '--level', String(lvl)], text)
  const lines = r.stdout.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  if (r.status !== 0) {
    const i = Math.max(lines.length - 1, 0)
    fail(`${what}: exit status ${r.status} at packet ${i}`, {
      output: lines[i], stderr: r.stderr, json: i < list.length ? writeJson(list[i]) : '-'
    })
    return
  }
  if (lines.length !== list.length) fail(`${what}: ${lines.length} lines for ${list.length} packets`, {})
  let bad = 0
  for (let i = 0; i < Math.min(lines.length, list.length); i++) {
    const wire = Buffer.from(lines[i], 'hex')
    const parsed = parseOne(wire, lvl)
    const d = parsed.error || firstDifference(list[i], parsed.packet)
    const reference = hex(mqtt.generate(toMqttPacket(list[i]), { protocolVersion: lvl }))
    if (d || reference !== lines[i]) {
      bad++
      fail(`${what}: packet ${i} (${list[i].type})`, {
        difference: d || 'fields equal, bytes differ from mqtt-packet\'s encoding',
        json: JSON.stringify(list[i]), atmqtt: lines[i], 'mqtt-packet': reference
      })
    }
  }
  console.log(`${bad === 0 ? 'ok  ' : 'FAIL'} ${what}: ${list.length} packets`)
}

for (const lvl of [3, 4]) {
  checkDecode(lvl)
  checkEncode(lvl)
}
if (failures > MAX_REPORTS) console.log(`... and ${failures - MAX_REPORTS} more failures`)
console.log(failures === 0 ? 'all checks passed' : `${failures} failures (seed ${SEED})`)
process.exit(failures === 0 ? 0 : 1)
