// A throwaway CA and ES256 leaf for C2PA signing tests, made with the openssl CLI like a user would.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `chain.pem` (leaf, then CA) and `leaf.pk8` (PKCS#8 key) into `dir`; returns their paths. */
export function makeC2paCertificates(dir: string): { certificateChainPath: string; privateKeyPath: string } {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key');
  run(
    'req',
    ...['-x509', '-new', '-key', 'ca.key', '-sha256', '-days', '2'],
    ...['-subj', '/CN=Pictor Test Root/O=Pictor Test'],
    ...['-addext', 'basicConstraints=critical,CA:TRUE'],
    ...['-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'ca.pem'],
  );
  run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'leaf.key');
  run('req', '-new', '-key', 'leaf.key', '-subj', '/CN=Pictor Test Signer/O=Pictor Test', '-out', 'leaf.csr');
  writeFileSync(
    join(dir, 'leaf.ext'),
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=emailProtection\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  );
  run(
    'x509',
    ...['-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial'],
    ...['-days', '2', '-sha256', '-extfile', 'leaf.ext', '-out', 'leaf.pem'],
  );
  run('pkcs8', '-topk8', '-nocrypt', '-in', 'leaf.key', '-out', 'leaf.pk8');
  writeFileSync(
    join(dir, 'chain.pem'),
    readFileSync(join(dir, 'leaf.pem'), 'utf8') + readFileSync(join(dir, 'ca.pem'), 'utf8'),
  );
  return { certificateChainPath: join(dir, 'chain.pem'), privateKeyPath: join(dir, 'leaf.pk8') };
}
