const { exec } = require('child_process');

const helper = (event) => exec(event.cmd);

const main = async (event) => {
  exec('ls ' + event.dir);
};

module.exports = { main, helper };
