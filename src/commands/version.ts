import { defineCommand } from '../core/command.js';

export default defineCommand({
  summary: { en: 'Print the version of cloudya and of Node.js', fr: 'Afficher la version de cloudya et de Node.js' },
  examples: ['cloudya version', 'cloudya version --output json'],
  async run() {
    const { version } = await import('../cli.js');
    const v = version();
    return { data: { version: v, node: process.versions.node, platform: `${process.platform}-${process.arch}` }, text: `cloudya ${v} (node ${process.versions.node}, ${process.platform}-${process.arch})` };
  },
});
