/**
 * A complete, valid live settings file for tests, its file paths under `dir` (joined with the
 * platform's separator the test names): every test that starts from "a good live file" and
 * changes one thing starts from this one, so a newly required setting is added here once.
 */
export function liveSettings(dir = 'C:\\certs', sep = '\\') {
  const path = (file: string) => `${dir}${sep}${file}`;
  return {
    mode: 'live',
    organisation: { odsCode: 'RYE', name: 'South East 111' },
    asid: '918999198738',
    dos: { url: 'https://dos.example.nhs.uk/app/api/webservices', username: 'bw', passwordRef: 'env:DOS_PASSWORD' },
    sds: { url: 'ldaps://ldap.vn03.national.ncrs.nhs.uk' },
    ssp: { baseUrl: 'https://proxy.spine.example.nhs.uk' },
    tls: { certPath: path('bw.crt'), keyPath: path('bw.key'), caPath: path('spine-ca.pem') },
    cis2: { issuer: 'https://cis2.example.nhs.uk/oidc', clientId: '999999999999.apps.national', privateKeyPath: path('cis2.key') },
  };
}

/**
 * The same good live file with every Spine service at a closed loopback port (9, discard), so
 * each call fails fast as an unreachable Spine would, and the desk's own files named by full path.
 */
export function unreachableLiveSettings(files: { certPath: string; keyPath: string; caPath: string; cis2KeyPath: string }, cis2Issuer = 'https://127.0.0.1:9/oidc') {
  const good = liveSettings();
  return {
    ...good,
    dos: { url: 'https://127.0.0.1:9/app/api/webservices', username: 'bw', passwordRef: 'env:BW_TEST_DOS_PASSWORD' },
    sds: { url: 'ldaps://127.0.0.1:9' },
    ssp: { baseUrl: 'https://127.0.0.1:9' },
    tls: { certPath: files.certPath, keyPath: files.keyPath, caPath: files.caPath },
    cis2: { ...good.cis2, issuer: cis2Issuer, privateKeyPath: files.cis2KeyPath },
  };
}
