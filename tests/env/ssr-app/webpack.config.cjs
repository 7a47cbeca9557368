// The client and the server build of the SSR app, shaped like the Sharetribe Web Template's:
// babel with @loadable/babel-plugin, the client split into chunks (LoadablePlugin writes the
// stats the server reads), the server one CommonJS bundle for Node with node_modules external
// (so the server `require`s sharetribe-sdk-wasm at run time, as the template does).
const path = require('node:path');
const LoadablePlugin = require('@loadable/webpack-plugin');
const webpack = require('webpack');

const babel = {
  test: /\.js$/,
  exclude: /node_modules/,
  use: {
    loader: 'babel-loader',
    options: {
      babelrc: false,
      configFile: false,
      presets: [['@babel/preset-env', { targets: 'chrome 110, node 20' }], ['@babel/preset-react', { runtime: 'automatic' }]],
      plugins: ['@loadable/babel-plugin'],
    },
  },
};

module.exports = [
  {
    name: 'client',
    mode: 'production',
    target: 'web',
    entry: { main: './src/client.js' },
    output: { path: path.join(__dirname, 'dist/client'), publicPath: '/static/', filename: '[name].[contenthash].js', clean: true },
    module: { rules: [babel] },
    plugins: [new LoadablePlugin({ writeToDisk: true, filename: 'loadable-stats.json' })],
    optimization: { minimize: false },
    performance: { hints: false },
  },
  {
    name: 'server',
    mode: 'production',
    target: 'node',
    entry: { main: './src/render.js' },
    output: { path: path.join(__dirname, 'dist/server'), filename: '[name].js', library: { type: 'commonjs2' }, clean: true },
    module: { rules: [babel] },
    externals: [({ request }, callback) => (/^[a-z@]/.test(request) ? callback(null, `commonjs ${request}`) : callback())],
    plugins: [new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 })],
    optimization: { minimize: false },
    performance: { hints: false },
  },
];
