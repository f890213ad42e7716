<?xml version="1.0" encoding="UTF-8"?>
<!-- login.xsl: the login form of the portal and of the administration. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('login.title')"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:variable name="l" select="login"/>
    <section class="card narrow">
      <h1><xsl:value-of select="kp:t('login.title')"/></h1>
      <xsl:if test="$l/@portal-name">
        <p class="lead"><xsl:value-of select="kp:t('login.portal_for', $l/@portal-name)"/></p>
      </xsl:if>
      <xsl:if test="$l/@notice">
        <p class="alert ok" role="status"><xsl:value-of select="kp:t($l/@notice)"/></p>
      </xsl:if>
      <xsl:if test="$l/@error">
        <p class="alert error" role="alert" id="login-error"><xsl:value-of select="kp:t($l/@error)"/></p>
      </xsl:if>
      <form method="post" action="{$mount}/login" class="stack">
        <input type="hidden" name="csrf" value="{$l/@csrf}"/>
        <xsl:if test="$l/@portal">
          <input type="hidden" name="portal" value="{$l/@portal}"/>
        </xsl:if>
        <label for="username"><xsl:value-of select="kp:t('login.username')"/></label>
        <input type="text" id="username" name="username" value="{$l/@username}" required="required"
               autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="100"/>
        <label for="password"><xsl:value-of select="kp:t('login.password')"/></label>
        <input type="password" id="password" name="password" required="required"
               autocomplete="current-password" maxlength="1024"/>
        <button type="submit" class="primary"><xsl:value-of select="kp:t('login.submit')"/></button>
      </form>
      <xsl:if test="$app = 'portal'">
        <p class="meta"><xsl:value-of select="kp:t('login.forgot', $ctx/@tenant)"/></p>
      </xsl:if>
    </section>
  </xsl:template>
</xsl:stylesheet>
