const { exec } = require('child_process');

exports.handler = async (event) => {
  const data = JSON.parse(event.body);
  const parts = [];
  parts.push(data.c);
  exec(parts.join(' ')); // want command-injection
  const flags = ['-l'];
  flags.unshift('-a');
  exec('ls ' + flags.join(' '));
  const opts = {};
  Object.assign(opts, { dir: data.dir });
  exec('ls ' + opts.dir); // want command-injection
};
