/**
 * Where the Confidential Containers clients may send plain HTTP: loopback addresses written as
 * literals, pinned so that no name resolution happens between the check and the connection.
 */
package io.tee4j.coco.net;
