/**
 * The client address used for sign-in throttling. Behind the TLS reverse proxy the
 * README describes, the first X-Forwarded-For entry is the client; without a proxy
 * every request comes from the proxy-less local address.
 */
export function clientAddressFrom(headers: Record<string, string | string[] | undefined> | Headers): string {
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : headers[name]);
  const raw = get('x-forwarded-for') ?? get('x-real-ip');
  const first = (Array.isArray(raw) ? raw[0] : raw)?.split(',')[0]?.trim();
  return first && first.length <= 64 ? first : 'direct';
}
