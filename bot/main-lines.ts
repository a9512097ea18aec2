/** What `npm start` tells a person when it is up: where to open it, and how to let others in safely. */
import type { Config } from '../config.ts';

/** Where to open the page, and how to let others in safely: one plain line for a person. */
export function startupLines(config: Pick<Config, 'HOST' | 'PORT' | 'API_KEY'>, port: number): string[] {
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(config.HOST);
  const shown = loopback || config.HOST === '0.0.0.0' || config.HOST === '::' ? (config.HOST === '::1' ? '[::1]' : '127.0.0.1') : config.HOST;
  const lines = [`vankien đang chạy: mở http://${shown}:${port}/ (API: http://${shown}:${port}/docs)`];
  if (loopback) {
    lines.push('Chỉ máy này truy cập được. Muốn cho máy khác dùng: đặt sau reverse proxy có HTTPS (README, "Behind a reverse proxy"), hoặc đặt API_KEY rồi HOST=0.0.0.0.');
  } else if (config.API_KEY === '') {
    lines.push(`Cảnh báo: đang mở cho mạng (HOST=${config.HOST}) mà không có API_KEY: ai vào được mạng này cũng dùng được. Đặt API_KEY, hoặc HOST=127.0.0.1 sau reverse proxy.`);
  } else {
    lines.push(`Đang mở cho mạng (HOST=${config.HOST}); /api cần khóa API (Authorization: Bearer …). Nên đặt sau reverse proxy có HTTPS.`);
  }
  return lines;
}
