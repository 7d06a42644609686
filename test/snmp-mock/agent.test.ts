// The mock's SNMP agent driven by a bare net-snmp manager on 127.0.0.1 (v1, v2c, v3 authPriv): gets,
// walks in OID order, GetBulk, sets and their errors, drops, traps, and the PDUs it records.
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockDevice, type MockDevice, type MockDeviceOptions } from '@protogen-dm/mock';
import { closeClients, community, portOf, snmp, trapReceiver, v3, type Vb } from './net-snmp-client.js';
import { OUTLETS, PORT_SPEED, rackUpsSpec, TRAP } from './rack-ups-spec.js';

const SYS_DESCR = '1.3.6.1.2.1.1.1.0';
const SYS_NAME = '1.3.6.1.2.1.1.5.0';
const CHARGE = '1.3.6.1.4.1.64999.7.1.1.0';
const STATUS = '1.3.6.1.4.1.64999.7.1.2.0';
const ENERGY = '1.3.6.1.4.1.64999.7.1.3.0';
const LIMIT = '1.3.6.1.4.1.64999.7.1.4.0';
const T = snmp.ObjectType;
/** net-snmp's timeout error (absent from @types/net-snmp). */
const TIMED_OUT = { name: 'RequestTimedOutError' };

const devices: MockDevice[] = [];
afterEach(async () => {
  closeClients();
  for (const device of devices.splice(0)) await device.close();
});

async function start(options: MockDeviceOptions = {}): Promise<{ mock: MockDevice; port: number }> {
  const mock = await createMockDevice(rackUpsSpec, { port: 0, ...options });
  devices.push(mock);
  return { mock, port: portOf(mock.url('snmpConnection')) };
}

/** Values as net-snmp decodes them, to compare: buffers as text. */
function plain(varbinds: readonly Vb[]): [string, number, unknown][] {
  return varbinds.map(({ oid, type, value }) => [oid, type, Buffer.isBuffer(value) ? value.toString('latin1') : value]);
}

/** Every OID a GetNext walk from `start` visits inside `start`, one PDU each (bounded). */
async function walk(get: (oids: string[]) => Promise<Vb[]>, start: string): Promise<Vb[]> {
  const seen: Vb[] = [];
  let oid = start;
  for (let step = 0; step < 100; step += 1) {
    const [next] = await get([oid]);
    if (next === undefined || next.type === T.EndOfMibView || !next.oid.startsWith(`${start}.`)) return seen;
    seen.push(next);
    oid = next.oid;
  }
  throw new Error('walk did not end');
}

describe('mock device: SNMP agent', () => {
  it('serves scalars with their SNMP types, sample values and set() values, in one PDU, and records it', async () => {
    const { mock, port } = await start();
    expect(mock.url(0)).toMatch(/^udp:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.ports[0]).toBe(port);
    mock.set({ systemDescription: 'UPS 3000', outputEnergy: 2 ** 40 + 1 });
    const varbinds = await community(port, 'public').get([SYS_DESCR, CHARGE, STATUS, ENERGY, LIMIT]);
    expect(plain(varbinds)).toEqual([
      [SYS_DESCR, T.OctetString, 'UPS 3000'],
      [CHARGE, T.Gauge, 50], // mid-range of 0..100
      [STATUS, T.Integer, 1], // first discrete
      [ENERGY, T.Counter64, '\x01\x00\x00\x00\x00\x01'],
      [LIMIT, T.Integer, 90], // the default value
    ]);
    expect(mock.snmp.received()).toEqual([{ connection: 0, version: 'v2c', type: 'get', oids: [SYS_DESCR, CHARGE, STATUS, ENERGY, LIMIT], community: 'public' }]);
  });

  it('answers noSuchObject, noSuchInstance (v2c) and noSuchName (v1) like a real agent', async () => {
    const { port } = await start();
    const missing = ['1.3.6.1.4.1.99999.1.0', '1.3.6.1.2.1.1.5.7'];
    expect(plain(await community(port, 'public').get(missing))).toEqual([
      [missing[0], T.NoSuchObject, null],
      [missing[1], T.NoSuchInstance, null],
    ]);
    const v1 = community(port, 'public', 'v1');
    await expect(v1.get([SYS_NAME, missing[1] ?? ''])).rejects.toMatchObject({ name: 'RequestFailedError', status: snmp.ErrorStatus.NoSuchName });
    // v1 never sees a counter64: Get fails, GetNext steps over it.
    await expect(v1.get([ENERGY])).rejects.toMatchObject({ status: snmp.ErrorStatus.NoSuchName });
    expect((await v1.getNext([STATUS]))[0]?.oid).toBe(LIMIT);
  });

  it("resolves a wildcard OID from its param's current value", async () => {
    const { mock, port } = await start();
    const manager = community(port, 'public');
    mock.set({ portSpeed: 1000 });
    expect(plain(await manager.get([`${PORT_SPEED}.5`]))).toEqual([[`${PORT_SPEED}.5`, T.Gauge, 1000]]);
    mock.set({ portIndex: 7 });
    expect(plain(await manager.get([`${PORT_SPEED}.5`, `${PORT_SPEED}.7`]))).toEqual([
      [`${PORT_SPEED}.5`, T.NoSuchInstance, null],
      [`${PORT_SPEED}.7`, T.Gauge, 1000],
    ]);
  });

  it('walks a table by GetNext column by column in OID order, then endOfMibView', async () => {
    const { mock, port } = await start();
    const manager = community(port, 'public');
    const samples = await walk((oids) => manager.getNext(oids), OUTLETS);
    expect(samples.map((varbind) => varbind.oid)).toEqual(
      [2, 3, 4].flatMap((column) => [1, 2, 3].map((row) => `${OUTLETS}.1.${column}.${row}`)),
    );
    expect(plain(samples.slice(0, 4))).toEqual([
      [`${OUTLETS}.1.2.1`, T.OctetString, 'sample 1'],
      [`${OUTLETS}.1.2.2`, T.OctetString, 'sample 2'],
      [`${OUTLETS}.1.2.3`, T.OctetString, 'sample 3'],
      [`${OUTLETS}.1.3.1`, T.Integer, 1], // discretes take turns per row
    ]);

    mock.snmp.rows('outlets', [
      { outletsInstance: '3.7', outletsName: 'PDU B', outletsLoad: 120 },
      { outletsInstance: '1', outletsName: 'PDU A', outletsState: 1, outletsLoad: 80 },
    ]);
    const scripted = await walk((oids) => manager.getNext(oids), OUTLETS);
    expect(plain(scripted)).toEqual([
      [`${OUTLETS}.1.2.1`, T.OctetString, 'PDU A'],
      [`${OUTLETS}.1.2.3.7`, T.OctetString, 'PDU B'],
      [`${OUTLETS}.1.3.1`, T.Integer, 1],
      [`${OUTLETS}.1.3.3.7`, T.Integer, 1], // the sample of row position 1
      [`${OUTLETS}.1.4.1`, T.Integer, 80],
      [`${OUTLETS}.1.4.3.7`, T.Integer, 120],
    ]);
    expect(() => mock.snmp.rows('outlets', [{ outletsInstance: 'x' }])).toThrow(/not an OID suffix/);
    expect(() => mock.snmp.rows('systemName', [])).toThrow(/not an SNMP table/);

    const last = await manager.getNext([`${OUTLETS}.1.4.3.7`]);
    expect(plain(last)).toEqual([[`${PORT_SPEED}.5`, T.Gauge, 42]]);
    expect(plain(await manager.getNext([`${PORT_SPEED}.5`]))).toEqual([[`${PORT_SPEED}.5`, T.EndOfMibView, null]]);
  });

  it('answers GetBulk with non-repeaters once and the rest max-repetitions times, and records it', async () => {
    const { mock, port } = await start();
    const manager = community(port, 'public');
    // net-snmp hands the repeaters back as one array per requested OID.
    const varbinds = (await manager.getBulk([SYS_DESCR, `${OUTLETS}.1.2`, `${OUTLETS}.1.4`], 1, 3)) as unknown as [Vb, Vb[], Vb[]];
    expect(varbinds[0].oid).toBe('1.3.6.1.2.1.1.3.0'); // the non-repeater's next
    expect(varbinds[1].map((varbind) => varbind.oid)).toEqual([1, 2, 3].map((row) => `${OUTLETS}.1.2.${row}`));
    expect(varbinds[2].map((varbind) => varbind.oid)).toEqual([1, 2, 3].map((row) => `${OUTLETS}.1.4.${row}`));
    // Past the end, a repetition says endOfMibView and the answer stops there.
    const [end] = (await manager.getBulk([`${PORT_SPEED}`], 0, 10)) as unknown as [Vb[]];
    expect(plain(end)).toEqual([[`${PORT_SPEED}.5`, T.Gauge, 42], [`${PORT_SPEED}.5`, T.EndOfMibView, null]]);
    expect(mock.snmp.received().map(({ type, nonRepeaters, maxRepetitions }) => [type, nonRepeaters, maxRepetitions])).toEqual([
      ['getBulk', 1, 3],
      ['getBulk', 0, 10],
    ]);
  });

  it('applies a set to the read param of the OID, read back after; set before get in the record', async () => {
    const { mock, port } = await start();
    const writer = community(port, 'private');
    const written = await writer.set([{ oid: SYS_NAME, type: T.OctetString, value: 'rack-7' }]);
    expect(plain(written)).toEqual([[SYS_NAME, T.OctetString, 'rack-7']]);
    expect(plain(await community(port, 'public').get([SYS_NAME]))).toEqual([[SYS_NAME, T.OctetString, 'rack-7']]);
    await writer.set([{ oid: LIMIT, type: T.Integer, value: 75 }]);
    expect(plain(await writer.get([LIMIT]))).toEqual([[LIMIT, T.Integer, 75]]);
    expect(mock.snmp.received().map(({ type, community: name }) => `${type} ${name}`)).toEqual(['set private', 'get public', 'set private', 'get private']);
  });

  it('rejects a set as a real agent: wrongType, wrongValue, notWritable, noAccess (v1: badValue, noSuchName), changing nothing', async () => {
    const { port } = await start();
    const writer = community(port, 'private');
    const status = (varbinds: Vb[], manager = writer): Promise<unknown> => manager.set(varbinds).then(() => 'accepted', (error: { status?: number }) => error.status);
    expect(await status([{ oid: SYS_NAME, type: T.Integer, value: 5 }])).toBe(snmp.ErrorStatus.WrongType);
    expect(await status([{ oid: LIMIT, type: T.OctetString, value: '75' }])).toBe(snmp.ErrorStatus.WrongType);
    expect(await status([{ oid: LIMIT, type: T.Integer, value: 101 }])).toBe(snmp.ErrorStatus.WrongValue); // Range 0..100
    expect(await status([{ oid: SYS_DESCR, type: T.OctetString, value: 'x' }])).toBe(snmp.ErrorStatus.NotWritable);
    expect(await status([{ oid: '1.3.6.1.4.1.99999.1.0', type: T.Integer, value: 1 }])).toBe(snmp.ErrorStatus.NotWritable);
    expect(await status([{ oid: SYS_NAME, type: T.OctetString, value: 'x' }], community(port, 'public'))).toBe(snmp.ErrorStatus.NoAccess);
    const v1 = community(port, 'private', 'v1');
    expect(await status([{ oid: SYS_NAME, type: T.Integer, value: 5 }], v1)).toBe(snmp.ErrorStatus.BadValue);
    expect(await status([{ oid: SYS_DESCR, type: T.OctetString, value: 'x' }], v1)).toBe(snmp.ErrorStatus.NoSuchName);
    // One bad varbind fails the whole PDU: the good one before it is not applied.
    expect(await status([{ oid: SYS_NAME, type: T.OctetString, value: 'half' }, { oid: LIMIT, type: T.OctetString, value: 'x' }])).toBe(snmp.ErrorStatus.WrongType);
    expect(plain(await writer.get([SYS_NAME, LIMIT]))).toEqual([[SYS_NAME, T.OctetString, 'sample'], [LIMIT, T.Integer, 90]]);
  });

  it('serves v3 authPriv for its user and fails a wrong key', async () => {
    const user = { name: 'ops', authProtocol: 'sha', authKey: 'auth-secret-1', privProtocol: 'aes', privKey: 'priv-secret-1' } as const;
    const log: string[] = [];
    const { mock, port } = await start({ snmp: { user }, log: (line) => log.push(line) });
    mock.set({ systemName: 'v3 box' });
    expect(plain(await v3(port, user).get([SYS_NAME]))).toEqual([[SYS_NAME, T.OctetString, 'v3 box']]);
    // A wrong key is not answered (net-snmp's USM refuses the message); an unknown user gets a report.
    // The manager's timeout covers its engine discovery too: a short one, on a loaded machine, could
    // expire before the keyed message is even sent, and then nothing would be logged for it.
    await expect(v3(port, { ...user, authKey: 'wrong-auth-key' }, 1000).get([SYS_NAME])).rejects.toMatchObject(TIMED_OUT);
    await expect(v3(port, { ...user, privKey: 'wrong-priv-key' }, 1000).get([SYS_NAME])).rejects.toMatchObject(TIMED_OUT);
    await expect(v3(port, { ...user, name: 'nobody' }, 100).get([SYS_NAME])).rejects.toThrow('Unknown User Name');
    expect(log.filter((line) => /digest .* does not match|Failed to decrypt/.test(line))).toHaveLength(2);
    expect(mock.snmp.received().map(({ version, user: name, type }) => [version, name, type])).toEqual([['v3', 'ops', 'get']]);
  });

  it('drops the PDUs a script or the device says, per param or OID; the next one is answered', async () => {
    const { mock, port } = await start();
    const manager = community(port, 'public', 'v2c', 100);
    mock.snmp.script('systemName', { drop: 1 });
    await expect(manager.get([SYS_DESCR, SYS_NAME])).rejects.toMatchObject(TIMED_OUT);
    expect(plain(await manager.get([SYS_NAME]))).toEqual([[SYS_NAME, T.OctetString, 'sample']]);

    mock.snmp.script(OUTLETS, { drop: 'all' }); // a prefix: every cell of the table
    await expect(manager.getNext([`${OUTLETS}.1.2`])).rejects.toMatchObject(TIMED_OUT);
    await expect(manager.get([SYS_DESCR])).resolves.toHaveLength(1);
    mock.snmp.script(OUTLETS, undefined);
    await expect(manager.getNext([`${OUTLETS}.1.2`])).resolves.toHaveLength(1);

    mock.drop(1);
    await expect(manager.get([SYS_DESCR])).rejects.toMatchObject(TIMED_OUT);
    await expect(manager.get([SYS_DESCR])).resolves.toHaveLength(1);
    // A dropped set changes nothing.
    mock.snmp.script(103, { drop: 1 });
    await expect(community(port, 'private', 'v2c', 100).set([{ oid: SYS_NAME, type: T.OctetString, value: 'lost' }])).rejects.toMatchObject(TIMED_OUT);
    expect(plain(await manager.get([SYS_NAME]))).toEqual([[SYS_NAME, T.OctetString, 'sample']]);
    // The device's drop comes first and leaves a script's drop for the next PDU.
    mock.snmp.script('systemName', { drop: 1 });
    mock.drop(1);
    await expect(manager.get([SYS_NAME])).rejects.toMatchObject(TIMED_OUT);
    await expect(manager.get([SYS_NAME])).rejects.toMatchObject(TIMED_OUT);
    await expect(manager.get([SYS_NAME])).resolves.toHaveLength(1);
    expect(mock.snmp.received()).toHaveLength(12);
  });

  it('answers late what a script or the device delays', async () => {
    const { mock, port } = await start();
    mock.snmp.script('batteryCharge', { delayMs: 150 });
    await expect(community(port, 'public', 'v2c', 50).get([CHARGE])).rejects.toMatchObject(TIMED_OUT);
    await expect(community(port, 'public', 'v2c', 1000).get([CHARGE])).resolves.toHaveLength(1);
    await expect(community(port, 'public', 'v2c', 50).get([SYS_DESCR])).resolves.toHaveLength(1); // not scripted
    mock.delay(150);
    await expect(community(port, 'public', 'v2c', 50).get([SYS_DESCR])).rejects.toMatchObject(TIMED_OUT);
  });

  it('rejects when its UDP port is taken, leaving nothing listening', async () => {
    const taken = createSocket('udp4');
    taken.bind(0, '127.0.0.1');
    await once(taken, 'listening');
    try {
      await expect(createMockDevice(rackUpsSpec, { port: taken.address().port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      taken.close();
    }
  });

  it("sends a trap receiver's trap with its bindings to a net-snmp receiver (v2c, and v3)", async () => {
    const receiver = await trapReceiver({ community: 'public' });
    const { mock } = await start({ snmp: { trapTarget: `127.0.0.1:${receiver.port}` } });
    mock.set({ lastAlarmText: 'fan failure' });
    await mock.snmp.sendTrap('alarmTrap', { lastAlarmCode: 7 });
    const { pdu } = await receiver.next;
    expect(pdu.type).toBe(snmp.PduType.TrapV2);
    expect(plain(pdu.varbinds.slice(1))).toEqual([
      ['1.3.6.1.6.3.1.1.4.1.0', T.OID, `${TRAP}.1`],
      [`${TRAP}.1.1`, T.Integer, 7],
      [`${TRAP}.1.2`, T.OctetString, 'fan failure'],
    ]);

    const user = mock.snmp.user;
    const secure = await trapReceiver({
      user: { name: user.name, level: snmp.SecurityLevel.authPriv, authProtocol: snmp.AuthProtocols.sha, authKey: user.authKey, privProtocol: snmp.PrivProtocols.aes, privKey: user.privKey },
    });
    await mock.snmp.sendTrap(210, {}, { target: `127.0.0.1:${secure.port}`, version: 'v3', oid: `${TRAP}.9` });
    const v3Trap = await secure.next;
    expect(plain(v3Trap.pdu.varbinds.slice(1, 3))).toEqual([
      ['1.3.6.1.6.3.1.1.4.1.0', T.OID, `${TRAP}.9`],
      [`${TRAP}.9.1`, T.Integer, 42],
    ]);
    await expect(mock.snmp.sendTrap('noSuchTrap')).rejects.toThrow(/no trap receiver "noSuchTrap" \(it has 'alarmTrap'\)/);
    await expect(createMockDevice(rackUpsSpec, { port: 0 }).then(async (other) => {
      devices.push(other);
      return other.snmp.sendTrap('alarmTrap');
    })).rejects.toThrow(/needs a target/);
  });
});
