// bridge.js: a line-oriented JSON bridge between the Go tests and the
// ZetaSQL local service (gRPC), so that the repository needs no generated
// protobuf stubs. The service's messages are built at run time from the
// .proto files that ship with the @fivetrandevelopers/zetasql package.
//
//   node bridge.js PACKAGE_DIR HOST:PORT
//
// PACKAGE_DIR is the installed npm package (it holds lib/zetasql/protos and
// node_modules/@grpc next to it). Each stdin line is one call,
// {"id": N, "method": "analyze", "request": {...}}, with proto field names
// as written in the .proto files; each stdout line is its answer,
// {"id": N, "response": {...}} or {"id": N, "error": "..."}. int64 values
// come back as strings, enums as their names, and a set oneof names itself
// in a field of the oneof's name (e.g. "value": "int64_value").
'use strict';

const path = require('path');
const readline = require('readline');

const [pkgDir, address] = process.argv.slice(2);
if (!pkgDir || !address) {
  process.stderr.write('usage: node bridge.js PACKAGE_DIR HOST:PORT\n');
  process.exit(2);
}
// The package's own dependencies, wherever npm put them.
const need = (name) => require(require.resolve(name, { paths: [pkgDir] }));
const grpc = need('@grpc/grpc-js');
const protoLoader = need('@grpc/proto-loader');
// A resolved AST nests one message per operand: a sum of a batch's fact
// terms goes deeper than protobufjs's default limit of 100, which is the
// decoder's guard and no limit of BigQuery's.
const protobuf = need('protobufjs');
protobuf.util.recursionLimit = 10000;
protobuf.Reader.recursionLimit = 10000;

const definition = protoLoader.loadSync('local_service.proto', {
  includeDirs: [path.join(pkgDir, 'lib', 'zetasql', 'protos')],
  keepCase: true,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
});
const Service = grpc.loadPackageDefinition(definition).zetasql.local_service.ZetaSqlLocalService;
// The server refuses requests over its own 4 MiB limit; answers may be
// larger (a resolved AST), so the client takes any size.
const client = new Service(address, grpc.credentials.createInsecure(), {
  'grpc.max_receive_message_length': -1,
  'grpc.max_send_message_length': -1,
});

let pending = 0;
let closing = false;
const lines = readline.createInterface({ input: process.stdin, terminal: false });
lines.on('line', (line) => {
  let call;
  try {
    call = JSON.parse(line);
  } catch (e) {
    reply({ id: null, error: 'bridge: bad JSON: ' + e.message });
    return;
  }
  const method = client[call.method];
  if (typeof method !== 'function') {
    reply({ id: call.id, error: 'bridge: no method ' + call.method });
    return;
  }
  const deadline = new Date(Date.now() + (call.timeout_ms || 60000));
  pending++;
  method.call(client, call.request || {}, { deadline }, (err, response) => {
    pending--;
    if (err) {
      reply({ id: call.id, error: err.details || err.message, code: err.code });
    } else {
      reply({ id: call.id, response });
    }
    if (closing && pending === 0) client.close();
  });
});
// Stdin closed: answer what is in flight, then let the process end.
lines.on('close', () => {
  closing = true;
  if (pending === 0) client.close();
});

function reply(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}
