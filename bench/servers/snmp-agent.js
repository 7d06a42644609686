// The SNMP agent of the SNMP benchmark (net-snmp's own agent), run as its own process so that it
// never shares an event loop with the client being measured: sysName.0 and a table of ROWS rows of
// three columns (a name, a state, a load) under 1.3.6.1.4.1.55555.1.2.
//
//   node bench/servers/snmp-agent.js ROWS
//   → prints {"port":N} once listening on 127.0.0.1 (a free port); stdin closing stops it.

import { createSocket } from 'node:dgram';
import snmp from 'net-snmp';

const rows = Number(process.argv[2] ?? 1000);
let socket;
// net-snmp takes port 0 for its default (161): bind the socket ourselves, to any free port.
const dgramModule = {
  createSocket(type) {
    socket = createSocket(type);
    const bind = socket.bind.bind(socket);
    socket.bind = (_port, address) => bind(0, address);
    return socket;
  },
};
const agent = snmp.createAgent({ port: 1, address: '127.0.0.1', dgramModule }, () => undefined);
agent.getAuthorizer().addCommunity('public');
const mib = agent.getMib();
mib.registerProvider({ name: 'sysName', type: snmp.MibProviderType.Scalar, oid: '1.3.6.1.2.1.1.5', scalarType: snmp.ObjectType.OctetString, maxAccess: snmp.MaxAccess['read-only'] });
mib.setScalarValue('sysName', 'bench-ups');
const column = (number, type) => ({ number, name: `c${number}`, type, maxAccess: number === 1 ? snmp.MaxAccess['not-accessible'] : snmp.MaxAccess['read-only'] });
mib.registerProvider({
  name: 'outlets',
  type: snmp.MibProviderType.Table,
  oid: '1.3.6.1.4.1.55555.1.2.1',
  maxAccess: snmp.MaxAccess['not-accessible'],
  tableColumns: [column(1, snmp.ObjectType.Integer), column(2, snmp.ObjectType.OctetString), column(3, snmp.ObjectType.Integer), column(4, snmp.ObjectType.Gauge32)],
  tableIndex: [{ columnName: 'c1' }],
});
for (let i = 1; i <= rows; i++) mib.addTableRow('outlets', [i, `outlet ${i}`, i % 3, 100 + i]);
socket.once('listening', () => console.log(JSON.stringify({ port: socket.address().port })));
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
