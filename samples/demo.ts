/**
 * protogen end to end, with nothing else installed: for seven sample protocols, start the protocol's
 * mock device in-process, drive it with the driver protogen generated from the same XML, print what
 * happens. Run it with `npm run demo`.
 *
 * The drivers in ../generated/ come from `protogen samples/<fixture>/protocol.xml --out generated`; each module exports
 * the driver class, the typed params, the discrete-value constants and `<name>Protocol`, the protocol
 * as data, which is all the mock needs.
 */
import { inspect } from 'node:util';
import { createMockDevice } from '@protogen-dm/mock';
import { HttpStatusError } from '@protogen-dm/runtime';
import { DualChannelMonitorDriver, dualChannelMonitorProtocol } from '../generated/dual-channel-monitor.js';
import { EchoServiceDriver, echoServiceProtocol, ServiceState } from '../generated/echo-service.js';
import { EventLevel, EventStreamDriver, eventStreamProtocol } from '../generated/event-stream.js';
import { PolledSensorDriver, polledSensorProtocol } from '../generated/polled-sensor.js';
import { ShelfInventoryDriver, shelfInventoryProtocol } from '../generated/shelf-inventory.js';
import { TokenGateFeedDriver, tokenGateFeedProtocol } from '../generated/token-gate-feed.js';
import { SerialPowerMeterDriver, serialPowerMeterProtocol } from '../generated/serial-power-meter.js';
import { SmartSerialEncoderDriver, smartSerialEncoderProtocol } from '../generated/smart-serial-encoder.js';
import { RackUPSDriver, rackUPSProtocol } from '../generated/rack-ups.js';

/** The whole demo must finish well within this; a hang is a failure, not a wait. */
const HARD_TIMEOUT_MS = 15_000;
/** Push streams of the mocks send this often, so the demo sees a few values quickly. */
const PUSH_INTERVAL_MS = 100;

const print = (line: string): void => console.log(line);
const show = (value: unknown): string => inspect(value, { breakLength: Infinity, colors: false });

/** Request/response: one answer per call, typed by the response's params. */
async function requestResponse(): Promise<void> {
  print('\nEcho Service (samples/request-response/protocol.xml): request/response over text frames');
  // `log` shows every frame on the wire; port 0 picks a free port.
  await using mock = await createMockDevice(echoServiceProtocol, { port: 0, log: (line) => print(`    wire ${line}`) });
  mock.set({ lastEcho: 'pong', deviceLabel: 'Studio 1' });

  await using driver = new EchoServiceDriver({ connections: { webSocketConnection: { url: mock.url(0) } } });
  driver.on('state', (connection, state) => print(`  ${connection} is ${state}`));
  driver.params.on('serviceState', (value, info) => print(`  param serviceState = ${show(value)} (from response ${info.responseId})`));
  await driver.connect();

  print(`  heartbeat() → ${show(await driver.heartbeat())}`);
  const status = await driver.getStatus({ timeoutMs: 2000 });
  // Typed values: serviceState is 'running' | 'standby' | 'fault'; serviceLoad a number, or absent
  // when the device sent a blank or out-of-range value.
  const running = status.serviceState === ServiceState.Running;
  const load = status.serviceLoad?.toFixed(1) ?? '?';
  print(`  getStatus() → ${running ? 'running' : status.serviceState}, load ${load} %, up ${status.serviceUptime ?? '?'} s`);
  print(`  setLabel({ labelRequest: 'Studio 1' }) → ${show(await driver.setLabel({ labelRequest: 'Studio 1' }))}`);
}

/** Push: the command only subscribes; values arrive later, through the param listeners. */
async function push(): Promise<void> {
  print('\nEvent Stream (samples/push/protocol.xml): push mode');
  await using mock = await createMockDevice(eventStreamProtocol, { port: 0, pushIntervalMs: PUSH_INTERVAL_MS });
  await using driver = new EventStreamDriver({ connections: { eventWebSocket: { url: mock.url(0) } } });
  driver.on('state', (connection, state) => print(`  ${connection} is ${state}`));

  const events: string[] = [];
  const threeEvents = new Promise<void>((resolve) => {
    driver.params.on('lastEvent', (value) => {
      events.push(value);
      print(`  param lastEvent = ${show(value)}`);
      if (events.length === 3) resolve();
    });
  });
  await driver.connect();
  await driver.subscribe({ subscriptionTopics: 'alarms', eventLevel: EventLevel.Warning });
  print(`  subscribe({ subscriptionTopics: 'alarms', eventLevel: EventLevel.Warning }) sent`);
  await threeEvents;
}

/** Two WebSockets: each pair goes out on its own connection; each connection has its own state. */
async function twoWebSockets(): Promise<void> {
  print('\nDual Channel Monitor (samples/two-websockets/protocol.xml): two WebSockets');
  await using mock = await createMockDevice(dualChannelMonitorProtocol, { port: 0, pushIntervalMs: PUSH_INTERVAL_MS });
  mock.set({ activeChannels: 2 });
  await using driver = new DualChannelMonitorDriver({
    connections: {
      controlWebSocket: { url: mock.url('controlWebSocket') },
      telemetryWebSocket: { url: mock.url('telemetryWebSocket') },
    },
  });
  driver.on('state', (connection, state) => print(`  ${connection} is ${state}`));

  const telemetry = new Promise<void>((resolve) => {
    let count = 0;
    driver.params.on('telemetryMessage', (value, info) => {
      print(`  param telemetryMessage = ${show(value)} (on ${info.connection ?? '?'})`);
      if (++count === 2) resolve();
    });
  });
  await driver.connect();
  print(`  status params: control ${driver.params.get('controlConnectionStatus')}, telemetry ${driver.params.get('telemetryConnectionStatus')}`);
  print(`  getConfig() on controlWebSocket → ${show(await driver.getConfig())}`);
  await driver.startTelemetry({ telemetryInterval: PUSH_INTERVAL_MS });
  print(`  startTelemetry({ telemetryInterval: ${PUSH_INTERVAL_MS} }) sent on telemetryWebSocket`);
  await telemetry;
}

/** HTTP sessions: one method per session, typed by the params its requests read and its responses store. */
async function restDevice(): Promise<void> {
  print('\nShelf Inventory (samples/rest-device/protocol.xml): a REST device over HTTP sessions');
  await using mock = await createMockDevice(shelfInventoryProtocol, { port: 0, log: (line) => print(`    wire ${line}`) });
  mock.set({ responseBody: '[{"id":7,"name":"bolt"}]', requestId: 'req-1', rateRemaining: 99 });
  await using driver = new ShelfInventoryDriver({ connections: { shelfAPI: { url: mock.url('shelfAPI') } } });
  await driver.connect();

  const listed = await driver.listItems({ apiToken: 'Bearer demo' });
  print(`  listItems() → ${listed.statusLine}, ${listed.rateRemaining ?? '?'} requests left, body ${listed.responseBody}`);
  const created = await driver.createItem({ apiToken: 'Bearer demo', itemJson: '{"name":"nut"}' });
  print(`  createItem({ itemJson: '{"name":"nut"}' }) → ${created.statusLine}, request ${created.requestId ?? '?'}`);
  // The mock answers 404 for this session from now on: the call rejects, the params still get the answer.
  mock.http.script('getItem', { status: 404, body: '{"error":"no item 9"}' });
  const missing = await driver.getItem({ itemPath: 'api/items/9', apiToken: 'Bearer demo' }).catch((error: unknown) => error);
  if (missing instanceof HttpStatusError) print(`  getItem({ itemPath: 'api/items/9' }) → HttpStatusError ${missing.status}; param responseBody = ${show(driver.params.get('responseBody'))}`);
  const sent = mock.http.received().map((request) => `${request.method} ${request.path}`);
  print(`  the mock received: ${sent.join(', ')}`);
}

/** One HTTP and one WebSocket connection: the HTTP login's token goes into the WebSocket handshake. */
async function loginFeed(): Promise<void> {
  print('\nToken Gate Feed (samples/login-feed/protocol.xml): an HTTP login feeds the WebSocket handshake');
  await using mock = await createMockDevice(tokenGateFeedProtocol, { port: 0 });
  mock.set({ sessionToken: 'tok-81f2', lastEvent: 'door opened' });
  await using driver = new TokenGateFeedDriver({ connections: { eventSocket: { url: mock.url('eventSocket') }, authAPI: { url: mock.url('authAPI') } } });
  driver.on('state', (connection, state) => print(`  ${connection} is ${state}`));
  await driver.connect();
  print(`  login() → ${show(await driver.login({ userName: 'ops', password: 'secret' }))}`);
  // Writing the dynamic-ip param reopens the socket; its handshake now carries the token.
  const reopened = new Promise<void>((resolve) => driver.on('state', (connection, state) => connection === 'eventSocket' && state === 'open' && resolve()));
  driver.params.set('socketUrl', new URL(mock.url('eventSocket')).host);
  await reopened;
  print(`  handshake header x-session-token: ${show(mock.handshakes.at(-1)?.headers['x-session-token'])}`);
  print(`  latestEvent() → ${show(await driver.latestEvent())}`);
}

/** Serial over TCP: a byte stream, framed by each response's layout (fixed length, length field, trailer). */
async function serial(): Promise<void> {
  print('\nSerial Power Meter (samples/serial-meter/protocol.xml): serial over tcp://');
  await using mock = await createMockDevice(serialPowerMeterProtocol, { port: 0 });
  mock.set({ voltage: 230.4, current: 12.34, power: -1500, energy: 1234.5, frequency: 50, meterNumber: 12345678, label: 'Feeder Ä1' });
  // The mock writes each answer in 4 pieces, 5 ms apart: the driver still sees one answer.
  mock.chunking({ pieces: 4, delayMs: 5 });
  await using driver = new SerialPowerMeterDriver({ connections: { meterLine: { url: mock.url(0) } } });
  await driver.connect();
  print(`  ${mock.url(0).replace(/:\d+$/, ':<port>')}`);
  print(`  getMeasurements() → ${show(await driver.getMeasurements())}`);
  print(`  getLabel() → ${show(await driver.getLabel())}`);
}

/** Smart-serial: the device sends whenever it likes; pushed frames land in the params. */
async function smartSerial(): Promise<void> {
  print('\nSmart Serial Encoder (samples/smart-serial-encoder/protocol.xml): smart-serial, pushes between answers');
  await using mock = await createMockDevice(smartSerialEncoderProtocol, { port: 0, pushIntervalMs: PUSH_INTERVAL_MS });
  mock.set({ temperature: 38.5, encoderState: 1, channelName: 'News HD' });
  await using driver = new SmartSerialEncoderDriver({ connections: { control: { url: mock.url('control') }, console: { url: mock.url('console') } } });
  const status = new Promise<void>((resolve) => {
    driver.params.on('temperature', (value, info) => {
      print(`  param temperature = ${show(value)} (pushed, response ${info.responseId})`);
      resolve();
    });
  });
  await driver.connect();
  await status;
  print(`  setName({ newName: 'News HD' }) → ${show(await driver.setName({ newName: 'News HD' }))}`);
}

/** The protocol's own Timers, Groups and Triggers: a subscribe after startup, a 1 s timer, a set then a get. */
async function polling(): Promise<void> {
  print('\nPolled Sensor (samples/polling/protocol.xml): driver.polling runs the protocol\'s timers');
  await using mock = await createMockDevice(polledSensorProtocol, { port: 0 });
  mock.set({ sensorState: 'running', temperature: 21.5 });
  await using driver = new PolledSensorDriver({ connections: { sensor: { url: mock.url('sensor') } } });
  await driver.connect();
  const twoStatusPolls = new Promise<void>((resolve) => {
    let count = 0;
    driver.polling.on('done', (group) => {
      print(`  group ${group} done`);
      if (group === 'statusPoll' && ++count === 2) resolve();
    });
  });
  driver.polling.start();
  await twoStatusPolls;
  print(`  params: sensorState ${show(driver.params.get('sensorState'))}, temperature ${show(driver.params.get('temperature'))}`);
  driver.params.set('modeRequest', 'eco');
  await driver.polling.runGroup('setMode');
  await driver.polling.stop();
  print(`  the mock received: ${mock.received().map((frame) => frame.command ?? '?').join(', ')}`);
}

/** SNMP: reads by key (one PDU for several), a table by GetBulk, a set read back, a trap. */
async function snmp(): Promise<void> {
  print('\nRack UPS (samples/snmp-device/protocol.xml): SNMPv2c against an SNMP agent built from the XML');
  await using mock = await createMockDevice(rackUPSProtocol, { port: 0 });
  mock.set({ systemDescription: 'UPS 3000 rev B', systemName: 'rack-7', batteryCharge: 87, batteryStatus: 1 });
  await using driver = new RackUPSDriver({ connections: { snmpConnection: { url: mock.url('snmpConnection'), trapPort: 0 } } });
  await driver.connect();
  print(`  snmp.getMany(['systemDescription', 'batteryCharge', 'batteryStatus']) → ${show(await driver.snmp.getMany(['systemDescription', 'batteryCharge', 'batteryStatus']))}`);
  print(`  snmp.table('outlets') → ${show(await driver.snmp.table('outlets'))}`);
  await driver.snmp.set('systemNameSet', 'rack-8');
  print(`  snmp.set('systemNameSet', 'rack-8'), then systemName = ${show(driver.params.get('systemName'))}`);
  const trap = new Promise<void>((resolve) => {
    driver.snmp.onTrap('alarmTrap', (received) => {
      print(`  trap ${received.oid} → ${show(received.values)}`);
      resolve();
    });
  });
  await mock.snmp.sendTrap('alarmTrap', { lastAlarmCode: 42, lastAlarmText: 'on battery' }, { target: `127.0.0.1:${driver.snmp.trapPort('snmpConnection')}` });
  await trap;
  print(`  the mock received: ${mock.snmp.received().map((pdu) => `${pdu.type}(${pdu.oids.length})`).join(', ')}`);
}

async function main(): Promise<void> {
  const hardStop = setTimeout(() => {
    console.error(`\ndemo failed: not finished after ${HARD_TIMEOUT_MS / 1000} s`);
    process.exit(1);
  }, HARD_TIMEOUT_MS);
  // Does not keep the process alive by itself: once everything is closed, the demo exits.
  hardStop.unref();

  print('protogen demo: generated drivers against mock devices built from the same XML');
  await requestResponse();
  await push();
  await twoWebSockets();
  await restDevice();
  await loginFeed();
  await serial();
  await smartSerial();
  await polling();
  await snmp();
  clearTimeout(hardStop);
  print('\ndone: every driver and mock closed');
}

main().then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
