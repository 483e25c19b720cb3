const cp = require('child_process');
const { execSync, spawn } = require('node:child_process');

exports.handler = async (event) => {
  const url = event.queryStringParameters.document_url;
  cp.exec(`curl -L ${url}`); // want command-injection
  execSync('convert ' + event.body + ' out.png'); // want command-injection
  spawn('sh', ['-c', url], { shell: true }); // want command-injection
  spawn(url); // want command-injection

  // good: fixed program, arguments without a shell
  spawn('curl', ['-L', url]);
  cp.execFile('/usr/bin/file', [url]);
  execSync('ls /tmp');
  const n = parseInt(event.body, 10);
  execSync(`sleep ${n}`);
  return { statusCode: 200 };
};
