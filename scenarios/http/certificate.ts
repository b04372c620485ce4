// A self-signed certificate made at run time for the in-process TLS servers: no key is ever committed.
// ECDSA P-256, the key type most public certificates now use (certbot's default since 2.0), and quick to make.

export interface Certificate {
  key: string;
  cert: string;
  description: string;
}

export async function makeCertificate(names: { dns: string[]; ips: string[] }): Promise<Certificate> {
  // Loaded when a TLS server starts, not at every command's start-up (it costs a fifth of a second).
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: names.dns[0] ?? 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...names.dns.map((value) => ({ type: 2 as const, value })),
          ...names.ips.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return {
    key: pems.private,
    cert: pems.cert,
    description: `self-signed ECDSA P-256 certificate for ${[...names.dns, ...names.ips].join(', ')}`,
  };
}
