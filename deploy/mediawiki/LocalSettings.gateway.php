<?php
// Wiki-side settings for a MediaWiki 1.39 behind mwgate. Append to
// LocalSettings.php (or include it from there).

// 1. The gateway is a trusted proxy: MediaWiki then takes the client address
//    from the X-Forwarded-For that mwgate writes (it strips the client's own).
//    NoPurge: the gateway is not a cache and gets no PURGE requests.
//    Put every gateway address here (compose: the container network).
$wgCdnServersNoPurge = [ '127.0.0.1', '::1' ];

// 2. Reach the wiki only through the gateway: PHP-FPM, Apache or the container
//    listens on loopback or an internal network, never on a public address.
//    Nothing in this file can do that; see docs/security.md.

// 3. The service accounts log in with bot passwords (Special:BotPasswords).
$wgEnableBotPasswords = true;

// 4. Groups for the service accounts, granted by a bureaucrat on
//    Special:UserRights. The bot password's grants are a second fence: give
//    "Service reader" only basic + highvolume, "Service admin" what the
//    app-token clients need. The gateway adds no group on any request.
$wgGroupPermissions['gateway-reader'] = [ 'read' => true, 'apihighlimits' => true ];
$wgGroupPermissions['gateway-admin'] = [
	'read' => true, 'edit' => true, 'createpage' => true, 'apihighlimits' => true,
];

// 5. The PHP component token-authenticator is replaced by mwgate: remove its
//    settings ($mwsgTokenAuthenticator…) once `mwgate import-settings` has
//    carried them over.
