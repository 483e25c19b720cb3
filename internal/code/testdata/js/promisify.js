const util = require('util');
const cp = require('child_process');
const { exec } = require('child_process');

const execP = util.promisify(cp.exec);
const execQ = util.promisify(exec);

exports.handler = async (event) => {
  await execP(`nslookup ${event.host}`); // want command-injection
  await execQ('dig ' + event.host); // want command-injection
  return {};
};
