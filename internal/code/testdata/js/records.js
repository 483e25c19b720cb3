const { exec } = require('child_process');

function run(cmd) {
  return exec(cmd); // want command-injection
}

module.exports = {
  handler: async (event) => {
    event.Records.forEach((record) => {
      const msg = JSON.parse(record.body);
      run('process ' + msg.file);
    });
    for (const r of event.Records) {
      exec(`echo ${r.body.trim()}`); // want command-injection
    }
  },
};
