const cp = require('child_process');
const exec = require('child_process').exec;

const convert = (name) => cp.execSync(`convert ${name}`); // want CODE001

async function run({ dir }) {
  return cp.execSync('ls ' + dir); // want CODE001
}

module.exports.handler = async function (event) {
  const { body: raw } = event;
  const data = JSON.parse(raw);
  convert(data.name);
  await run({ dir: data.dir });
  const args = [data.a, data.b].join(' ');
  exec('tar ' + args); // want CODE001
  const parts = [];
  parts.push(data.c);
  exec(parts.join(' ')); // want CODE001
  return {};
};
