/** The DER bodies of every PEM block labelled `label` in `pem`, in order. */
export function pemBlocks(pem: string, label: string): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  const pattern = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  for (const match of pem.matchAll(pattern)) {
    const base64 = match[1]!.replace(/\s+/g, '');
    const binary = atob(base64);
    const der = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) der[i] = binary.charCodeAt(i);
    blocks.push(der);
  }
  return blocks;
}
